package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With two of three replicas gone, acks=all writes are refused while committed records stay readable. */
class MinInsyncReplicasIT {
    private static final TopicPartition TP = new TopicPartition("min-isr", 0);
    private static final int COMMITTED = 20;

    private static KafkaProducer<String, String> producer(ZKafkaCluster cluster, int retries) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "acks", "all",
            "retries", retries, "max.in.flight.requests.per.connection", 1, "request.timeout.ms", 5_000,
            "delivery.timeout.ms", 15_000), new StringSerializer(), new StringSerializer());
    }

    private static int isrSize(KafkaServer broker) {
        return broker.replicaManager().partition(TP).map(Partition::isr).map(List::size).orElse(-1);
    }

    @Test
    void shouldRefuseAcksAllWithNotEnoughReplicasWhileCommittedRecordsStayReadable() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .brokerConfig(KafkaConfig.REPLICA_LAG_TIME_MAX_MS, 1_500).build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 3)
                .configs(Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2")))).all().get(30, TimeUnit.SECONDS);
            List<String> committed = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(cluster, Integer.MAX_VALUE)) {
                for (int i = 0; i < COMMITTED; i++) {
                    String value = new TaggedValue("p1", i).encode();
                    assertEquals(i, producer.send(new ProducerRecord<>(TP.topic(), 0, null, value)).get(30, TimeUnit.SECONDS)
                        .offset());
                    committed.add(value);
                }
            }
            KafkaServer leader = cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(TP).map(Partition::isLeader).orElse(false))
                .findFirst().orElseThrow();
            for (KafkaServer follower : cluster.runningBrokers()) {
                if (follower != leader) {
                    cluster.killBroker(follower.brokerId());
                }
            }
            TestUtils.waitForCondition(() -> isrSize(leader) == 1, Duration.ofSeconds(30),
                () -> "the leader's ISR shrinks to itself, now " + isrSize(leader));

            try (KafkaProducer<String, String> producer = producer(cluster, 0)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(TP.topic(), 0, null, "p2:0")).get(30, TimeUnit.SECONDS));
                ApiException error = assertInstanceOf(ApiException.class, refused.getCause());
                assertEquals(Errors.NOT_ENOUGH_REPLICAS, error.error(), error.getMessage());
            }

            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "auto.offset.reset", "none"), new StringDeserializer(),
                new StringDeserializer())) {
                consumer.assign(List.of(TP));
                consumer.seek(TP, 0);
                TestUtils.waitForCondition(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        read.add(record.value());
                    }
                    return read.size() >= COMMITTED;
                }, Duration.ofSeconds(30), () -> "read " + read.size() + " of " + COMMITTED + " committed records");
            }
            assertEquals(committed, read, "the committed records, and only they, are readable from the lone leader");
        }
    }
}
