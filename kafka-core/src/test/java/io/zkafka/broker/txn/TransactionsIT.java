package io.zkafka.broker.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.KafkaException;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ProducerFencedException;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transactional producer against real brokers: commits and aborts end with a marker on every
 * partition of the transaction and every replica of it; a second producer with the same
 * transactional id fences the first; a transaction left open is aborted after its timeout. The
 * partitions' logs are read straight from the brokers, as a read_committed reader would read them.
 */
@Timeout(240)
class TransactionsIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String TOPIC = "orders";

    static ZKafkaCluster.Builder cluster(int brokers) {
        return ZKafkaCluster.builder().brokers(brokers)
            .brokerConfig("transaction.state.log.num.partitions", 3)
            .brokerConfig("offsets.topic.num.partitions", 3)
            .brokerConfig("group.initial.rebalance.delay.ms", 0);
    }

    static void createTopic(ZKafkaCluster cluster, String topic, int partitions, int replicas) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicas)))
                .all().get(30, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<String, String> producer(ZKafkaCluster cluster, String transactionalId,
                                                  Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("transactional.id", transactionalId);
        config.put("max.block.ms", 30_000);
        config.put("linger.ms", 5);
        config.putAll(overrides);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** The broker leading {@code tp} now. */
    static KafkaServer leaderOf(ZKafkaCluster cluster, TopicPartition tp) {
        return cluster.runningBrokers().stream()
            .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false))
            .findFirst().orElseThrow(() -> new AssertionError("no leader for " + tp));
    }

    /** The transactional id's state, from whichever broker coordinates it. */
    static DescribeTransactionsResponse.TransactionState describe(ZKafkaCluster cluster, String transactionalId) {
        for (KafkaServer broker : cluster.runningBrokers()) {
            DescribeTransactionsResponse.TransactionState state = broker.transactionCoordinator().administration()
                .describe(new DescribeTransactionsRequest(List.of(transactionalId))).transactionStates().get(0);
            if (state.error() == Errors.NONE) {
                return state;
            }
        }
        return null;
    }

    static void awaitState(ZKafkaCluster cluster, String transactionalId, String state) throws InterruptedException {
        TestUtils.waitForCondition(() -> {
            DescribeTransactionsResponse.TransactionState described = describe(cluster, transactionalId);
            return described != null && described.transactionState().equals(state);
        }, WAIT, () -> transactionalId + " to reach " + state + ", it is " + describe(cluster, transactionalId));
    }

    /** Waits until every replica of each partition holds the same markers as its leader, and returns the leader's view. */
    static Map<TopicPartition, PartitionBatches> awaitReplicatedLogs(ZKafkaCluster cluster, String topic, int partitions)
        throws InterruptedException {
        Map<TopicPartition, PartitionBatches> logs = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            TestUtils.waitForCondition(() -> {
                PartitionBatches leader = PartitionBatches.read(leaderOf(cluster, tp), tp);
                return cluster.runningBrokers().stream().filter(b -> b.replicaManager().partition(tp).isPresent())
                    .allMatch(b -> PartitionBatches.read(b, tp).batches().equals(leader.batches()));
            }, WAIT, () -> "every replica of " + tp + " to hold the leader's batches");
            logs.put(tp, PartitionBatches.read(leaderOf(cluster, tp), tp));
        }
        return logs;
    }

    @Test
    void shouldEndACommittedAndAnAbortedTransactionWithMarkersOnEveryPartitionAndReplica() throws Exception {
        try (ZKafkaCluster cluster = cluster(3).build()) {
            createTopic(cluster, TOPIC, 3, 3);
            try (KafkaProducer<String, String> producer = producer(cluster, "shop", Map.of())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 3, null, "committed-" + i));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 3, null, "aborted-" + i));
                }
                producer.flush();
                producer.abortTransaction();
            }
            awaitState(cluster, "shop", "CompleteAbort");
            DescribeTransactionsResponse.TransactionState described = describe(cluster, "shop");
            Map<TopicPartition, PartitionBatches> logs = awaitReplicatedLogs(cluster, TOPIC, 3);
            List<String> committed = new ArrayList<>();
            for (PartitionBatches log : logs.values()) {
                List<PartitionBatches.Batch> markers = log.markers();
                assertEquals(2, markers.size(), log.partition() + ": a commit marker then an abort marker: " + markers);
                assertTrue(markers.get(0).commitMarker());
                assertFalse(markers.get(1).commitMarker());
                assertTrue(markers.stream().allMatch(m -> m.producerId() == described.producerId()));
                assertTrue(log.batches().stream().filter(b -> !b.isMarker()).allMatch(
                    PartitionBatches.Batch::transactional), "every data batch carries the transactional flag");
                assertTrue(log.allTransactionsEnded());
                committed.addAll(log.committedValues());
            }
            assertEquals(30, committed.size(), "exactly the committed transaction's records: " + committed);
            assertTrue(committed.stream().allMatch(v -> v.startsWith("committed-")));
        }
    }

    @Test
    void shouldFenceAZombieProducerWithAnOlderEpoch() throws Exception {
        try (ZKafkaCluster cluster = cluster(1).build()) {
            createTopic(cluster, TOPIC, 2, 1);
            try (KafkaProducer<String, String> zombie = producer(cluster, "fenced", Map.of());
                 KafkaProducer<String, String> successor = producer(cluster, "fenced", Map.of())) {
                zombie.initTransactions();
                zombie.beginTransaction();
                zombie.send(new ProducerRecord<>(TOPIC, 0, null, "zombie")).get(30, TimeUnit.SECONDS);

                successor.initTransactions(); // aborts the zombie's open transaction, bumps the epoch
                successor.beginTransaction();
                successor.send(new ProducerRecord<>(TOPIC, 0, null, "successor"));
                successor.commitTransaction();

                assertThrows(ProducerFencedException.class, zombie::commitTransaction);
                KafkaException after = assertThrows(KafkaException.class, zombie::beginTransaction,
                    "a fenced producer can only be closed");
                assertTrue(after instanceof ProducerFencedException, String.valueOf(after));
            }
            awaitState(cluster, "fenced", "CompleteCommit");
            PartitionBatches log = PartitionBatches.read(cluster.runningBrokers().get(0), new TopicPartition(TOPIC, 0));
            assertEquals(List.of("successor"), log.committedValues(), "the zombie's record was aborted");
            assertTrue(log.allTransactionsEnded());
        }
    }

    @Test
    void shouldAbortAHangingTransactionAfterItsTimeoutAndFenceItsProducer() throws Exception {
        try (ZKafkaCluster cluster = cluster(1)
                .brokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", 200).build()) {
            createTopic(cluster, TOPIC, 1, 1);
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            try (KafkaProducer<String, String> hanging = producer(cluster, "hanging",
                    Map.of("transaction.timeout.ms", 1_500))) {
                hanging.initTransactions();
                hanging.beginTransaction();
                hanging.send(new ProducerRecord<>(TOPIC, 0, null, "never committed")).get(30, TimeUnit.SECONDS);
                long start = System.nanoTime();
                TestUtils.waitForCondition(() -> PartitionBatches.read(cluster.runningBrokers().get(0), tp).allTransactionsEnded(),
                    WAIT, () -> "the coordinator to abort the open transaction");
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waitedMs < 20_000, "aborted about 1.5 s after it began, took " + waitedMs + " ms");
                PartitionBatches log = PartitionBatches.read(cluster.runningBrokers().get(0), tp);
                assertFalse(log.markers().get(0).commitMarker());
                assertEquals(1, log.markers().get(0).producerEpoch(), "the abort marker carries the bumped epoch");
                assertTrue(log.committedValues().isEmpty());
                assertThrows(ProducerFencedException.class, hanging::commitTransaction);
            }
            awaitState(cluster, "hanging", "CompleteAbort");
        }
    }

    @Test
    void shouldRefuseTransactionalCallsOutOfTurnAndATimeoutAboveTheBrokersMaximum() throws Exception {
        try (ZKafkaCluster cluster = cluster(1).brokerConfig("transaction.max.timeout.ms", 10_000).build()) {
            createTopic(cluster, TOPIC, 1, 1);
            try (KafkaProducer<String, String> producer = producer(cluster, "misuse", Map.of("transaction.timeout.ms", 5_000))) {
                assertThrows(IllegalStateException.class, producer::beginTransaction, "before initTransactions");
                producer.initTransactions();
                assertThrows(IllegalStateException.class, producer::commitTransaction, "no transaction begun");
                assertThrows(IllegalStateException.class,
                    () -> producer.send(new ProducerRecord<>(TOPIC, 0, null, "outside")), "send outside a transaction");
                producer.beginTransaction();
                assertThrows(IllegalStateException.class, producer::beginTransaction, "one transaction at a time");
                producer.commitTransaction(); // nothing was sent: nothing to tell the coordinator
            }
            try (KafkaProducer<String, String> tooLong = producer(cluster, "too-long",
                    Map.of("transaction.timeout.ms", 60_000))) {
                KafkaException refused = assertThrows(KafkaException.class, tooLong::initTransactions);
                assertTrue(refused.getMessage().contains("INVALID_TRANSACTION_TIMEOUT"), refused.getMessage());
            }
            try (KafkaProducer<String, String> plain = new KafkaProducer<>(Map.of("bootstrap.servers",
                    cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                assertThrows(IllegalStateException.class, plain::initTransactions, "not a transactional producer");
            }
        }
    }
}
