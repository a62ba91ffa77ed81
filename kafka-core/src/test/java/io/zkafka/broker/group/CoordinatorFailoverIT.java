package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coordinator's broker is killed hard: the group goes on under the new coordinator with its offsets. */
class CoordinatorFailoverIT {

    @Test
    void shouldCarryOnUnderTheNewCoordinatorWithCommittedOffsetsIntact() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .forConsumerGroups(3)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>("events", "k" + i, "first" + i));
                }
                producer.flush();
            }
            Set<TopicPartition> partitions = Set.of(new TopicPartition("events", 0), new TopicPartition("events", 1),
                new TopicPartition("events", 2));
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "group.id", "g-failover", "auto.offset.reset", "earliest",
                "enable.auto.commit", "false", "session.timeout.ms", "10000", "heartbeat.interval.ms", "300"),
                new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("events"));
                Set<String> seen = new HashSet<>();
                TestUtils.waitForCondition(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        seen.add(r.value());
                    }
                    return seen.size() == 300;
                }, Duration.ofSeconds(40), () -> "read " + seen.size());
                consumer.commitSync();
                Map<TopicPartition, OffsetAndMetadata> before = consumer.committed(partitions);

                TopicPartition offsetsPartition = new TopicPartition(OffsetsTopic.NAME,
                    OffsetsTopic.partitionFor("g-failover", 3));
                int coordinatorId = cluster.runningBrokers().stream()
                    .filter(b -> b.replicaManager().partition(offsetsPartition).map(p -> p.isLeader()).orElse(false))
                    .mapToInt(KafkaServer::brokerId).findFirst().orElseThrow();
                cluster.killBroker(coordinatorId);

                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    cluster.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < 30; i++) {
                        producer.send(new ProducerRecord<>("events", "k" + i, "second" + i));
                    }
                    producer.flush();
                }
                Set<String> after = new HashSet<>();
                TestUtils.waitForCondition(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        after.add(r.value());
                    }
                    return after.stream().filter(v -> v.startsWith("second")).count() == 30;
                }, Duration.ofSeconds(60), () -> "read after failover " + after);
                assertEquals(30, after.size(), "resumed at the committed offsets, nothing read twice: " + after);
                consumer.commitSync();
                Map<TopicPartition, OffsetAndMetadata> now = consumer.committed(partitions);
                assertEquals(330L, now.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
                assertEquals(300L, before.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
            }
        }
    }
}
