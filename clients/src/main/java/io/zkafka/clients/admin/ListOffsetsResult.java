package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Per partition, the offset looked up. */
public class ListOffsetsResult {
    private final Map<TopicPartition, CompletableFuture<ListOffsetsResultInfo>> futures;

    public ListOffsetsResult(Map<TopicPartition, CompletableFuture<ListOffsetsResultInfo>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public CompletableFuture<ListOffsetsResultInfo> partitionResult(TopicPartition partition) {
        CompletableFuture<ListOffsetsResultInfo> future = futures.get(partition);
        if (future == null) {
            throw new IllegalArgumentException("List Offsets for partition \"" + partition + "\" was not attempted");
        }
        return future;
    }

    public CompletableFuture<Map<TopicPartition, ListOffsetsResultInfo>> all() {
        return Futures.allValues(futures);
    }

    /** An offset (-1 when no record matches a timestamp), its record's timestamp and leader epoch. */
    public static final class ListOffsetsResultInfo {
        private final long offset;
        private final long timestamp;
        private final Optional<Integer> leaderEpoch;

        public ListOffsetsResultInfo(long offset, long timestamp, Optional<Integer> leaderEpoch) {
            this.offset = offset;
            this.timestamp = timestamp;
            this.leaderEpoch = leaderEpoch;
        }

        public long offset() {
            return offset;
        }

        public long timestamp() {
            return timestamp;
        }

        public Optional<Integer> leaderEpoch() {
            return leaderEpoch;
        }

        @Override
        public String toString() {
            return "ListOffsetsResultInfo(offset=" + offset + ", timestamp=" + timestamp + ", leaderEpoch="
                + leaderEpoch + ")";
        }
    }
}
