package io.zkafka.console;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndTimestamp;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.Header;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads records of one topic with a group-less consumer: from an offset, a time, the beginning or
 * the last N, optionally keeping only records whose key or value contains a text. A search is
 * bounded by the records it may scan, an end time of the records, and the wall time it may take.
 */
final class MessageBrowser {
    /** Where reading starts in each partition. */
    enum Start { BEGINNING, OFFSET, TIME, END }

    record Query(String topic, List<Integer> partitions, Start start, long offset, long timestampMs, int limit,
                 String keyContains, String valueContains, long untilTimestampMs, int maxScanned) {
        boolean filters() {
            return !keyContains.isEmpty() || !valueContains.isEmpty();
        }
    }

    record Result(List<ConsumerRecord<byte[], byte[]>> records, long scanned, String stoppedBecause) {
    }

    private static final Duration MAX_WALL_TIME = Duration.ofSeconds(10);

    private final ClusterClients clients;

    MessageBrowser(ClusterClients clients) {
        this.clients = clients;
    }

    Result read(Query q) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.newConsumer()) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p : q.partitions()) {
                tps.add(new TopicPartition(q.topic(), p));
            }
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps);
            Map<TopicPartition, Long> positions = startPositions(consumer, q, tps, begins, ends);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : tps) {
                long from = positions.get(tp);
                consumer.seek(tp, from);
                if (from < ends.get(tp)) {
                    remaining.put(tp, ends.get(tp));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            long scanned = 0;
            long deadline = System.nanoTime() + MAX_WALL_TIME.toNanos();
            String stopped = "reached the end of the partitions";
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    stopped = "stopped after " + MAX_WALL_TIME.toSeconds() + " s";
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = remaining.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    if (r.offset() + 1 >= end) {
                        remaining.remove(tp);
                    }
                    if (q.untilTimestampMs() > 0 && r.timestamp() > q.untilTimestampMs()) {
                        remaining.remove(tp);
                        continue;
                    }
                    scanned++;
                    if (matches(q, r)) {
                        found.add(r);
                    }
                }
                // from the end each partition yields at most limit records: read them all, keep the newest below
                if (q.start() != Start.END && found.size() >= q.limit()) {
                    stopped = "showing the first " + q.limit() + " matches";
                    break;
                }
                if (scanned >= q.maxScanned()) {
                    stopped = "scanned the maximum of " + q.maxScanned() + " records";
                    break;
                }
                for (TopicPartition tp : List.copyOf(remaining.keySet())) {
                    if (consumer.position(tp) >= remaining.get(tp)) {
                        remaining.remove(tp);
                    }
                }
            }
            if (q.start() == Start.END && found.size() > q.limit()) {
                found.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp()));
                found = new ArrayList<>(found.subList(found.size() - q.limit(), found.size()));
            }
            found.sort(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
            return new Result(found.size() > q.limit() ? found.subList(0, q.limit()) : found, scanned, stopped);
        }
    }

    private static Map<TopicPartition, Long> startPositions(KafkaConsumer<byte[], byte[]> consumer, Query q,
                                                            List<TopicPartition> tps, Map<TopicPartition, Long> begins,
                                                            Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        switch (q.start()) {
            case BEGINNING -> positions.putAll(begins);
            case OFFSET -> tps.forEach(tp -> positions.put(tp,
                Math.max(begins.get(tp), Math.min(q.offset(), ends.get(tp)))));
            case END -> tps.forEach(tp -> positions.put(tp, Math.max(begins.get(tp), ends.get(tp) - q.limit())));
            case TIME -> {
                Map<TopicPartition, Long> times = new HashMap<>();
                tps.forEach(tp -> times.put(tp, q.timestampMs()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
                tps.forEach(tp -> {
                    OffsetAndTimestamp at = found.get(tp);
                    positions.put(tp, at == null ? ends.get(tp) : at.offset());
                });
            }
            default -> throw new IllegalStateException("unknown start " + q.start());
        }
        return positions;
    }

    private static boolean matches(Query q, ConsumerRecord<byte[], byte[]> r) {
        return contains(r.key(), q.keyContains()) && contains(r.value(), q.valueContains());
    }

    private static boolean contains(byte[] bytes, String text) {
        if (text.isEmpty()) {
            return true;
        }
        return bytes != null && new String(bytes, StandardCharsets.UTF_8).contains(text);
    }

    static String headers(List<Header> headers, ByteFormat format) {
        StringBuilder b = new StringBuilder();
        for (Header h : headers) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(h.key()).append('=').append(format.show(h.value()));
        }
        return b.toString();
    }
}
