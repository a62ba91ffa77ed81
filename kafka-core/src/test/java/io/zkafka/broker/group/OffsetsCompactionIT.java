package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The log cleaner compacts {@code __consumer_offsets} down to the newest commit of every group and
 * partition, drops the tombstones of expired offsets after {@code log.cleaner.delete.retention.ms},
 * and a coordinator failover afterwards loads the newest commits.
 */
class OffsetsCompactionIT {
    private static final int PARTITIONS = 4;
    private static final int ROUNDS = 60;
    private static final List<String> KEPT = List.of("g-keep-0", "g-keep-1");
    private static final String GONE = "g-gone";
    private static final TopicPartition OFFSETS_0 = new TopicPartition(OffsetsTopic.NAME, 0);

    /** What the log holds for one key: how many records, how many tombstones, the newest value. */
    private static final class KeyRecords {
        int records;
        int tombstones;
        GroupRecords.OffsetValue newest;
    }

    @Test
    void shouldKeepOnlyTheNewestCommitPerGroupAndPartition() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2)
                .brokerConfig("offsets.topic.num.partitions", 1)
                .brokerConfig("offsets.topic.replication.factor", 2)
                .brokerConfig("offsets.topic.segment.bytes", 4096)
                .brokerConfig("log.cleaner.backoff.ms", 100)
                .brokerConfig("log.cleaner.delete.retention.ms", 500)
                .brokerConfig("group.initial.rebalance.delay.ms", 0)
                .brokerConfig("group.min.session.timeout.ms", 1000)
                .brokerConfig("offsets.retention.ms", 2000)
                .brokerConfig("offsets.retention.check.interval.ms", 200)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", PARTITIONS, (short) 2))).all().get(30, TimeUnit.SECONDS);
            List<TopicPartition> events = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition("events", p)).toList();
            try (KafkaConsumer<String, String> gone = consumer(cluster, GONE)) {
                gone.assign(events);
                for (int round = 1; round <= 5; round++) {
                    gone.commitSync(offsets(events, round));
                }
            }
            List<KafkaConsumer<String, String>> kept = new ArrayList<>();
            try {
                for (String group : KEPT) {
                    KafkaConsumer<String, String> consumer = consumer(cluster, group);
                    kept.add(consumer);
                    consumer.subscribe(List.of("events"));
                    TestUtils.waitForCondition(() -> {
                        consumer.poll(Duration.ofMillis(500));
                        return consumer.assignment().size() == PARTITIONS;
                    }, Duration.ofSeconds(30), () -> group + " owns every partition");
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    for (KafkaConsumer<String, String> consumer : kept) {
                        OffsetRetentionIT.commitAsMember(consumer, offsets(events, round));
                    }
                }
                try (KafkaConsumer<String, String> reader = consumer(cluster, GONE)) {
                    TestUtils.waitForCondition(() -> reader.committed(Set.copyOf(events)).values().stream()
                        .allMatch(o -> o == null), Duration.ofSeconds(30), "the standalone group's offsets expired");
                }

                int leaderId = OffsetRetentionIT.leaderOf(cluster, OFFSETS_0);
                Partition leader = cluster.broker(leaderId).replicaManager().partition(OFFSETS_0).orElseThrow();
                Log log = leader.log();
                List<Long> bases = log.segmentBaseOffsets();
                assertTrue(bases.get(bases.size() - 1) > 0, "offsets.topic.segment.bytes rolled the log: " + bases);
                long written = leader.logEndOffset();
                // the active segment is never cleaned: start a new one so every commit is cleanable
                TestUtils.waitForCondition(() -> leader.highWatermark() == leader.logEndOffset(), Duration.ofSeconds(10),
                    "the follower has every commit");
                log.roll();

                Map<List<Object>, KeyRecords> compacted = new HashMap<>();
                TestUtils.waitForCondition(() -> {
                    compacted.clear();
                    compacted.putAll(replay(leader));
                    return compacted.values().stream().allMatch(k -> k.records == 1 && k.tombstones == 0)
                        && compacted.keySet().stream().noneMatch(k -> k.get(0).equals(GONE));
                }, Duration.ofSeconds(30), () -> "compacted to one record per key without tombstones: " + describe(compacted));
                for (String group : KEPT) {
                    for (TopicPartition tp : events) {
                        KeyRecords key = compacted.get(List.of(group, tp.topic(), tp.partition()));
                        assertEquals(ROUNDS * 100L + tp.partition(), key.newest.offset(), group + " " + tp);
                    }
                }
                assertEquals(KEPT.size() * (PARTITIONS + 1), compacted.size(), "a commit per partition and the "
                    + "metadata per kept group, out of " + written + " records written");

                cluster.killBroker(leaderId);
                TestUtils.waitForCondition(() -> OffsetRetentionIT.leaderOf(cluster, OFFSETS_0) >= 0,
                    Duration.ofSeconds(30), "a new leader of " + OFFSETS_0);
                for (String group : KEPT) {
                    try (KafkaConsumer<String, String> reader = consumer(cluster, group)) {
                        Map<TopicPartition, OffsetAndMetadata> committed = reader.committed(Set.copyOf(events));
                        for (TopicPartition tp : events) {
                            assertEquals(ROUNDS * 100L + tp.partition(), committed.get(tp).offset(), group + " " + tp);
                        }
                    }
                }
                try (KafkaConsumer<String, String> reader = consumer(cluster, GONE)) {
                    assertNull(reader.committed(Set.of(events.get(0))).get(events.get(0)));
                }
            } finally {
                kept.forEach(KafkaConsumer::close);
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(List<TopicPartition> partitions, int round) {
        return partitions.stream().collect(Collectors.toMap(tp -> tp,
            tp -> new OffsetAndMetadata(round * 100L + tp.partition())));
    }

    /** Every record of the partition, by key: (group, topic, partition) or (group) for metadata. */
    private static Map<List<Object>, KeyRecords> replay(Partition partition) {
        Map<List<Object>, KeyRecords> keys = new HashMap<>();
        try {
            long offset = partition.logStartOffset();
            long end = partition.logEndOffset();
            while (offset < end) {
                FileSlice slice = partition.read(offset, 1 << 20, false);
                if (slice.isEmpty()) {
                    break;
                }
                ByteBuffer bytes = slice.readAll();
                RecordBatchIterator batches = new RecordBatchIterator(bytes, 1 << 20);
                long next = offset;
                while (batches.hasNext()) {
                    RecordBatchView batch = batches.next();
                    next = batch.nextOffset();
                    BatchRecordIterator records = new BatchRecordIterator(batch);
                    while (records.hasNext()) {
                        RecordView record = records.next();
                        GroupRecords.Key key = GroupRecords.readKey(record.key());
                        List<Object> id = key.isOffsetCommit() ? List.of(key.group(), key.topic(), key.partition())
                            : List.of(key.group());
                        KeyRecords seen = keys.computeIfAbsent(id, k -> new KeyRecords());
                        seen.records++;
                        if (!record.hasValue()) {
                            seen.tombstones++;
                        } else if (key.isOffsetCommit()) {
                            seen.newest = GroupRecords.readOffsetValue(record.value());
                        }
                    }
                }
                if (next <= offset) {
                    break;
                }
                offset = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static String describe(Map<List<Object>, KeyRecords> keys) {
        return keys.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().records + "/" + e.getValue().tombstones)
            .collect(Collectors.joining(", "));
    }

    private static KafkaConsumer<String, String> consumer(ZKafkaCluster cluster, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", group);
        config.put("enable.auto.commit", "false");
        config.put("session.timeout.ms", "6000");
        config.put("heartbeat.interval.ms", "300");
        // a member's commit shares the connection with its fetch long-poll: keep that short
        config.put("fetch.max.wait.ms", "50");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
