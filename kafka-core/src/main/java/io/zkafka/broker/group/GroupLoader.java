package io.zkafka.broker.group;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.storage.FileSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an offsets partition from its log start to its log end, as the new leader has it: the
 * newest record per key wins, tombstones delete. Produces, per group, its latest metadata and
 * committed offsets. Offsets in a transactional batch are pending for their producer until its
 * marker: a commit marker makes them committed (as a commit at the batch's offset), an abort marker
 * drops them, and those without a marker yet stay pending in the loaded group. Runs on the
 * coordinator thread; reads take no lock on the partition.
 */
final class GroupLoader {
    private static final Logger log = LoggerFactory.getLogger(GroupLoader.class);
    private static final int READ_BYTES = 1 << 20;
    private static final int MAX_BATCH_BYTES = 64 << 20;

    /** What the log says about one group. */
    static final class LoadedGroup {
        GroupRecords.GroupValue metadata;
        long metadataOffset = -1;
        final Map<TopicPartition, GroupMetadata.CommittedOffset> offsets = new HashMap<>();
        /** Offsets of transactional batches whose marker is not (yet) in the log, by producer id. */
        final Map<Long, Map<TopicPartition, GroupMetadata.CommittedOffset>> pendingTxnOffsets = new HashMap<>();

        /** A marker of the producer: its pending offsets here are committed (if newer) or dropped. */
        void completeTxn(long producerId, boolean committed) {
            Map<TopicPartition, GroupMetadata.CommittedOffset> pending = pendingTxnOffsets.remove(producerId);
            if (pending != null && committed) {
                pending.forEach((tp, offset) -> {
                    GroupMetadata.CommittedOffset current = offsets.get(tp);
                    if (current == null || current.recordOffset() < offset.recordOffset()) {
                        offsets.put(tp, offset);
                    }
                });
            }
        }

        /**
         * The group as the log has it, Stable with its members or Empty, or null when nothing of it
         * is live. Members get no session timers here: the coordinator starts them.
         */
        GroupMetadata toGroup(String groupId, int partitionId) {
            if (metadata == null && offsets.isEmpty() && pendingTxnOffsets.isEmpty()) {
                return null;
            }
            boolean hasMembers = metadata != null && !metadata.members().isEmpty();
            GroupMetadata group = new GroupMetadata(groupId, partitionId,
                hasMembers ? GroupState.STABLE : GroupState.EMPTY, metadata == null ? -1 : metadata.stateTimestamp());
            synchronized (group.lock) {
                group.offsets.putAll(offsets);
                pendingTxnOffsets.forEach((producerId, pending) -> group.pendingTxnOffsets.put(producerId,
                    new HashMap<>(pending)));
                if (metadata != null) {
                    group.recorded = metadata;
                    group.generation = metadata.generation();
                    group.protocolType = metadata.protocolType();
                    group.protocol = metadata.protocol();
                    group.leaderId = metadata.leader();
                    for (GroupRecords.MemberValue m : metadata.members()) {
                        MemberMetadata member = new MemberMetadata(m.memberId(), m.groupInstanceId(), m.clientId(),
                            m.clientHost(), m.sessionTimeoutMs(), m.rebalanceTimeoutMs(), List.of(
                                new JoinGroupRequest.Protocol(metadata.protocol(), m.subscription())));
                        member.assignment = m.assignment() == null ? new byte[0] : m.assignment();
                        group.add(member);
                    }
                }
            }
            return group;
        }
    }

    private GroupLoader() {
    }

    static Map<String, LoadedGroup> load(Partition partition) throws IOException {
        Map<String, LoadedGroup> groups = new HashMap<>();
        long endOffset = partition.logEndOffset();
        long offset = partition.logStartOffset();
        int[] records = new int[1];
        while (offset < endOffset) {
            FileSlice slice = partition.read(offset, READ_BYTES, false);
            if (slice.isEmpty()) {
                break;
            }
            long next = replay(slice.readAll(), offset, groups, partition.topicPartition(), records);
            if (next <= offset) {
                break; // a batch larger than the read: cannot happen for our own small batches
            }
            offset = next;
        }
        log.info("Loaded {} group(s) from {} records of {}", groups.size(), records[0], partition.topicPartition());
        return groups;
    }

    /**
     * Applies the records at or after {@code fromOffset} of the batches in {@code bytes} (read from
     * {@code source}) to {@code groups}, counting them in {@code records[0]}; returns the offset after
     * the last whole batch.
     */
    static long replay(ByteBuffer bytes, long fromOffset, Map<String, LoadedGroup> groups, TopicPartition source,
                       int[] records) {
        RecordBatchIterator batches = new RecordBatchIterator(bytes, MAX_BATCH_BYTES);
        long next = fromOffset;
        while (batches.hasNext()) {
            RecordBatchView batch = batches.next();
            next = batch.nextOffset();
            if (batch.isControlBatch()) {
                EndTransactionMarker marker = batch.baseOffset() >= fromOffset ? EndTransactionMarker.read(batch) : null;
                if (marker != null) {
                    long producerId = batch.producerId();
                    groups.values().forEach(g -> g.completeTxn(producerId, marker.isCommit()));
                }
                continue;
            }
            long producerId = batch.isTransactional() ? batch.producerId() : -1L;
            BatchRecordIterator it = new BatchRecordIterator(batch);
            while (it.hasNext()) {
                RecordView record = it.next();
                if (record.offset() >= fromOffset && apply(groups, record, source, producerId)) {
                    records[0]++;
                }
            }
        }
        return next;
    }

    /** Applies one record; {@code producerId} is its transaction's producer, or -1 outside a transaction. */
    private static boolean apply(Map<String, LoadedGroup> groups, RecordView record, TopicPartition source,
                                 long producerId) {
        if (!record.hasKey()) {
            return false;
        }
        GroupRecords.Key key;
        try {
            key = GroupRecords.readKey(record.key());
        } catch (IllegalArgumentException e) {
            log.warn("Skipping an unreadable key at offset {} of {}: {}", record.offset(), source, e.getMessage());
            return false;
        }
        LoadedGroup group = groups.computeIfAbsent(key.group(), g -> new LoadedGroup());
        try {
            if (key.isOffsetCommit()) {
                TopicPartition tp = new TopicPartition(key.topic(), key.partition());
                if (!record.hasValue()) {
                    group.offsets.remove(tp);
                } else {
                    GroupRecords.OffsetValue v = GroupRecords.readOffsetValue(record.value());
                    GroupMetadata.CommittedOffset committed = new GroupMetadata.CommittedOffset(v.offset(),
                        v.leaderEpoch(), v.metadata(), v.commitTimestamp(), record.offset());
                    if (producerId >= 0) {
                        group.pendingTxnOffsets.computeIfAbsent(producerId, id -> new HashMap<>()).put(tp, committed);
                    } else {
                        group.offsets.put(tp, committed);
                    }
                }
            } else if (!record.hasValue()) {
                group.metadata = null;
                group.offsets.clear();
            } else {
                group.metadata = GroupRecords.readGroupValue(record.value());
                group.metadataOffset = record.offset();
            }
        } catch (IllegalArgumentException e) {
            log.warn("Skipping an unreadable value at offset {} of {}: {}", record.offset(), source, e.getMessage());
            return false;
        }
        return true;
    }
}
