package io.zkafka.broker.group;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets retention ({@code offsets.retention.minutes}), with Kafka's rules:
 * <ul>
 *   <li>an Empty group's offsets expire {@code retention} after the group became Empty (the
 *       metadata's state timestamp, so a new coordinator keeps counting from the same moment), or
 *       after their commit if that is later; a group that never had members (standalone commits)
 *       counts from each offset's commit;</li>
 *   <li>a Stable consumer group's offsets of topics no member subscribes to expire {@code retention}
 *       after their commit; those of subscribed topics never do;</li>
 *   <li>a group in a rebalance keeps everything until it settles.</li>
 * </ul>
 * Expired offsets leave memory at once and get tombstones in the group's offsets partition
 * (acks=all); an Empty group left with no offsets becomes Dead, gets a metadata tombstone and is
 * forgotten. Offsets with a commit in flight are never expired, so a tombstone cannot land after a
 * newer commit of the same key.
 *
 * <p>Runs on the coordinator thread; each group is read and changed under its own lock, and the
 * tombstones are appended under that lock so that no commit of the group can slip in between.
 */
final class OffsetExpiration {
    private static final Logger log = LoggerFactory.getLogger(OffsetExpiration.class);

    private final GroupRegistry groups;
    private final GroupOwnership ownership;
    private final GroupLogWriter writer;
    private final GroupMetrics metrics;
    private final long retentionMs;
    private final LongSupplier clock;

    OffsetExpiration(GroupRegistry groups, GroupOwnership ownership, GroupLogWriter writer, GroupMetrics metrics,
                     long retentionMs, LongSupplier clock) {
        this.groups = groups;
        this.ownership = ownership;
        this.writer = writer;
        this.metrics = metrics;
        this.retentionMs = retentionMs;
        this.clock = clock;
    }

    /** One pass over every group this broker coordinates. */
    void run() {
        long now = clock.getAsLong();
        int expired = 0;
        int dead = 0;
        for (GroupMetadata group : groups.snapshot()) {
            try {
                synchronized (group.lock) {
                    int before = group.offsets.size();
                    if (expire(group, now)) {
                        dead++;
                    }
                    expired += before - group.offsets.size();
                }
            } catch (RuntimeException e) {
                log.error("Expiring the offsets of group {} failed", group.groupId, e);
            }
        }
        if (expired > 0 || dead > 0) {
            log.info("Removed {} expired offset(s) and {} dead group(s)", expired, dead);
        }
    }

    /** Expires what is due in one group; true if the group died. Caller holds the group lock. */
    private boolean expire(GroupMetadata group, long now) {
        if (group.is(GroupState.DEAD)) {
            return false;
        }
        Set<TopicPartition> expired = expiredOffsets(group, now, retentionMs);
        // a member id handed out (MEMBER_ID_REQUIRED) keeps the group: its join is on its way
        boolean dies = group.is(GroupState.EMPTY) && !group.hasMembers() && group.pendingMemberCount() == 0
            && group.pendingCommits.isEmpty() && group.pendingTxnOffsets.isEmpty()
            && expired.size() == group.offsets.size();
        if (expired.isEmpty() && !dies) {
            return false;
        }
        List<GroupLogWriter.Entry> tombstones = new ArrayList<>();
        for (TopicPartition tp : expired) {
            tombstones.add(new GroupLogWriter.Entry(GroupRecords.offsetCommitKey(group.groupId, tp.topic(),
                tp.partition()), null));
            group.offsets.remove(tp);
        }
        // a group that never had members never wrote metadata: nothing to delete
        if (dies && group.protocolType != null) {
            tombstones.add(new GroupLogWriter.Entry(GroupRecords.groupMetadataKey(group.groupId), null));
        }
        if (dies) {
            group.transitionTo(GroupState.DEAD, now);
            groups.remove(group);
        }
        metrics.offsetsExpired(expired.size());
        if (!tombstones.isEmpty()) {
            writer.append(group.offsetsPartition, ownership.loadedEpoch(group.offsetsPartition), tombstones)
                .thenAccept(result -> {
                    if (result.error() != Errors.NONE) {
                        // the records stay in the log: whoever loads them next expires them again
                        log.warn("Writing {} tombstone(s) for group {} failed: {}", tombstones.size(), group.groupId,
                            result.error());
                    }
                });
        }
        return dies;
    }

    /** The offsets of {@code group} whose retention ended by {@code now}. Caller holds the group lock. */
    static Set<TopicPartition> expiredOffsets(GroupMetadata group, long now, long retentionMs) {
        Set<TopicPartition> expired = new HashSet<>();
        Set<String> keptTopics;
        boolean fromEmptySince;
        if (group.is(GroupState.EMPTY)) {
            keptTopics = Set.of();
            fromEmptySince = group.protocolType != null;
        } else if (group.is(GroupState.STABLE) && ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType)) {
            keptTopics = group.subscribedTopics();
            if (keptTopics == null) {
                log.warn("Keeping the offsets of group {}: a member's subscription cannot be read", group.groupId);
                return expired;
            }
            fromEmptySince = false;
        } else {
            return expired;
        }
        for (Map.Entry<TopicPartition, GroupMetadata.CommittedOffset> entry : group.offsets.entrySet()) {
            TopicPartition tp = entry.getKey();
            if (keptTopics.contains(tp.topic()) || group.pendingCommits.containsKey(tp)) {
                continue;
            }
            long base = entry.getValue().commitTimestamp();
            if (fromEmptySince) {
                base = Math.max(base, group.emptySinceMs());
            }
            if (now - base >= retentionMs) {
                expired.add(tp);
            }
        }
        return expired;
    }
}
