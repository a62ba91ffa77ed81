package io.zkafka.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The groups this broker coordinates, by id. A group leaves when it dies (deleted, expired or its
 * partition unloaded); the next join or commit of its id creates a new one. Removal names the
 * object, so a late removal never drops the group that took the id since. Thread-safe.
 */
final class GroupRegistry {
    private final Map<String, GroupMetadata> groups = new ConcurrentHashMap<>();
    private final ToIntFunction<String> offsetsPartitionOf;

    /** {@code offsetsPartitionOf}: the offsets partition holding a group id. */
    GroupRegistry(ToIntFunction<String> offsetsPartitionOf) {
        this.offsetsPartitionOf = offsetsPartitionOf;
    }

    /** The group, or null if none is coordinated here under that id. */
    GroupMetadata get(String groupId) {
        return groups.get(groupId);
    }

    /** The group, created Empty if there is none. */
    GroupMetadata getOrCreate(String groupId) {
        return groups.computeIfAbsent(groupId, id -> new GroupMetadata(id, offsetsPartitionOf.applyAsInt(id)));
    }

    /** The groups coordinated here now. */
    Collection<GroupMetadata> snapshot() {
        return List.copyOf(groups.values());
    }

    /** Adds a group loaded from its offsets partition, replacing whatever held its id. */
    void put(GroupMetadata group) {
        groups.put(group.groupId, group);
    }

    /** Adds a group unless one holds its id already; true if added. */
    boolean putIfAbsent(GroupMetadata group) {
        return groups.putIfAbsent(group.groupId, group) == null;
    }

    /** Removes this group object, if it still holds its id. */
    void remove(GroupMetadata group) {
        groups.remove(group.groupId, group);
    }

    /** Removes and returns the groups of an offsets partition. */
    List<GroupMetadata> removePartition(int offsetsPartition) {
        List<GroupMetadata> removed = new ArrayList<>();
        for (GroupMetadata group : groups.values()) {
            if (group.offsetsPartition == offsetsPartition && groups.remove(group.groupId, group)) {
                removed.add(group);
            }
        }
        return removed;
    }
}
