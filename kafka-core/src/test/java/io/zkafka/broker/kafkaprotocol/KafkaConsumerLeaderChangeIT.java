package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.coordination.PartitionState;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A Kafka consumer in a group keeps consuming across the kill of a partition's leader (3 brokers,
 * replication factor 3): after the new leader epoch it validates its position with
 * OffsetForLeaderEpoch on the new leader and goes on from where it was, neither skipping nor
 * re-reading records.
 */
class KafkaConsumerLeaderChangeIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;

    @Test
    void aKafkaConsumerKeepsConsumingAcrossALeaderKill() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3)
                .brokerConfig("offsets.topic.replication.factor", 3).build()) {
            String topic = "failover";
            try (io.zkafka.clients.admin.Admin admin = io.zkafka.clients.admin.Admin.create(
                    Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new io.zkafka.clients.admin.NewTopic(topic, PARTITIONS, (short) 3)))
                    .all().get(30, TimeUnit.SECONDS);
            }
            io.zkafka.common.TopicPartition first = new io.zkafka.common.TopicPartition(topic, 0);
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b ->
                    b.metadata().image().state(first).map(s -> s.leaderAndIsr().isr().size() == 3).orElse(false)),
                WAIT, "every replica of " + first + " is in sync");
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = consumer(cluster)) {
                consumer.subscribe(List.of(topic));
                produce(cluster, topic, 0, 300);
                TestUtils.waitForCondition(() -> pollAndCommit(consumer, read) >= 300, WAIT,
                    () -> "the consumer read the first 300 records, read " + read.size());

                PartitionState before = cluster.runningBrokers().get(0).metadata().image().state(first).orElseThrow();
                int leader = before.leaderAndIsr().leader();
                cluster.killBroker(leader);
                TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b -> b.metadata().image()
                        .state(first).map(s -> s.leaderAndIsr().leader() != leader
                            && s.leaderAndIsr().leader() >= 0).orElse(false)),
                    WAIT, "a new leader of " + first + " is elected");
                PartitionState after = cluster.runningBrokers().get(0).metadata().image().state(first).orElseThrow();
                assertTrue(after.leaderAndIsr().leaderEpoch() > before.leaderAndIsr().leaderEpoch(),
                    before + " -> " + after);

                produce(cluster, topic, 300, 600);
                TestUtils.waitForCondition(() -> pollAndCommit(consumer, read) >= 600, WAIT,
                    () -> "the consumer read all 600 records across the leader kill, read " + read.size());
            }
            Set<String> distinct = new HashSet<>(read);
            assertEquals(IntStream.range(0, 600).mapToObj(i -> "k" + i).collect(Collectors.toSet()), distinct);
            assertEquals(distinct.size(), read.size(), "no record read twice");
        }
    }

    private static int pollAndCommit(KafkaConsumer<String, String> consumer, List<String> read) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            read.add(record.key());
        }
        consumer.commitSync();
        return read.size();
    }

    private static void produce(ZKafkaCluster cluster, String topic, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(ZKafkaCluster cluster) {
        return new KafkaConsumer<>(Map.of(
            "bootstrap.servers", cluster.kafkaBootstrapServers(),
            "group.id", "failover-group",
            "auto.offset.reset", "earliest",
            "enable.auto.commit", false,
            "session.timeout.ms", 10_000,
            "heartbeat.interval.ms", 500,
            "key.deserializer", StringDeserializer.class.getName(),
            "value.deserializer", StringDeserializer.class.getName()));
    }
}
