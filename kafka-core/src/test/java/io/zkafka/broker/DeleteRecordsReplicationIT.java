package io.zkafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.RecordsToDelete;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DeleteRecords answers once every in-sync replica deleted the records (Kafka's low watermark), so
 * no replica that could be elected still serves them; a dead follower leaves the ISR and does not hold
 * the answer up.
 */
class DeleteRecordsReplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).brokerConfig(KafkaConfig.REPLICA_FETCH_BACKOFF_MS, 100).build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TopicPartition createAndFill(String topic, int records) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b -> logEnd(b, tp) == records),
            WAIT, "every replica has the " + records + " records");
        return tp;
    }

    private static long logStart(KafkaServer broker, TopicPartition tp) {
        return broker.replicaManager().partition(tp).map(Partition::logStartOffset).orElse(-1L);
    }

    private static long logEnd(KafkaServer broker, TopicPartition tp) {
        return broker.replicaManager().partition(tp).map(Partition::logEndOffset).orElse(-1L);
    }

    private static long deleteBefore(TopicPartition tp, long offset) throws Exception {
        return admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).lowWatermarks().get(tp)
            .get(30, TimeUnit.SECONDS).lowWatermark();
    }

    @Test
    void shouldAnswerOnlyOnceEveryInSyncReplicaDeletedTheRecords() throws Exception {
        TopicPartition tp = createAndFill("trimmed-everywhere", 50);
        for (long target : new long[] {20, 35, 50}) {
            assertEquals(target, deleteBefore(tp, target));
            for (KafkaServer broker : cluster.runningBrokers()) {
                assertTrue(logStart(broker, tp) >= target, "broker " + broker.config().brokerId()
                    + " still starts at " + logStart(broker, tp) + " when the deletion before " + target + " answered");
            }
        }
    }

    @Test
    void shouldNotWaitForAFollowerThatDied() throws Exception {
        TopicPartition tp = createAndFill("trimmed-without-the-dead", 30);
        int leader = cluster.runningBrokers().stream().filter(b -> b.replicaManager().partition(tp)
            .map(Partition::isLeader).orElse(false)).findFirst().orElseThrow().config().brokerId();
        int follower = cluster.runningBrokers().stream().map(b -> b.config().brokerId()).filter(id -> id != leader)
            .findFirst().orElseThrow();
        cluster.killBroker(follower);
        try {
            assertEquals(10L, deleteBefore(tp, 10));
            for (KafkaServer broker : cluster.runningBrokers()) {
                assertTrue(logStart(broker, tp) >= 10, "broker " + broker.config().brokerId() + " starts at "
                    + logStart(broker, tp));
            }
        } finally {
            cluster.startBroker(follower);
        }
    }
}
