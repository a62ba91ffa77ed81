package io.zkafka.broker.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.KafkaException;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ProducerFencedException;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transactional producer against real brokers: commits and aborts end with a marker on every
 * partition of the transaction and every replica of it; a second producer with the same
 * transactional id fences the first; a transaction left open is aborted after its timeout and then
 * no longer holds read_committed consumers back. The partitions' logs are read straight from the
 * brokers, and through consumers of both isolation levels.
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

    static KafkaConsumer<String, String> consumer(ZKafkaCluster cluster, String isolationLevel) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "isolation.level",
            isolationLevel, "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Reads the partitions from their start until the consumer's position reaches each leader's log end
     * (which a read_committed consumer only can once no transaction is open there) and returns the values.
     */
    static List<String> readToLogEnd(ZKafkaCluster cluster, KafkaConsumer<String, String> consumer,
                                     List<TopicPartition> partitions) throws InterruptedException {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition tp : partitions) {
            ends.put(tp, leaderOf(cluster, tp).replicaManager().partition(tp).orElseThrow().logEndOffset());
        }
        List<String> values = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                values.add(record.value());
            }
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
        }, WAIT, () -> "reading to the log ends " + ends + ", read " + values.size() + " records");
        return values;
    }

    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
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
    void shouldShowReadCommittedConsumersOnlyCommittedRecordsAndNoConsumerAControlRecord() throws Exception {
        try (ZKafkaCluster cluster = cluster(3).build()) {
            createTopic(cluster, TOPIC, 3, 3);
            try (KafkaProducer<String, String> producer = producer(cluster, "reader-test", Map.of())) {
                producer.initTransactions();
                for (String kind : List.of("committed", "aborted", "later")) {
                    producer.beginTransaction();
                    for (int i = 0; i < 30; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, i % 3, null, kind + "-" + i));
                    }
                    if (kind.equals("aborted")) {
                        producer.flush(); // the records are in the log before the abort
                        producer.abortTransaction();
                    } else {
                        producer.commitTransaction();
                    }
                }
            }
            awaitState(cluster, "reader-test", "CompleteCommit");
            awaitReplicatedLogs(cluster, TOPIC, 3);
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 30; i++) {
                expected.add("committed-" + i);
                expected.add("later-" + i);
            }
            try (KafkaConsumer<String, String> readCommitted = consumer(cluster, "read_committed")) {
                List<String> read = readToLogEnd(cluster, readCommitted, partitions(TOPIC, 3));
                assertEquals(60, read.size(), "each committed record once, nothing else: " + read);
                assertEquals(expected, new TreeSet<>(read));
            }
            try (KafkaConsumer<String, String> readUncommitted = consumer(cluster, "read_uncommitted")) {
                List<String> read = readToLogEnd(cluster, readUncommitted, partitions(TOPIC, 3));
                assertEquals(90, read.size(), "every data record, none of the 9 markers: " + read);
                assertEquals(30, read.stream().filter(v -> v.startsWith("aborted-")).count());
                assertTrue(read.containsAll(expected));
            }
        }
    }

    @Test
    void shouldFenceAZombieProducerWithAnOlderEpoch() throws Exception {
        try (ZKafkaCluster cluster = cluster(3).build()) {
            createTopic(cluster, TOPIC, 2, 3);
            try (KafkaProducer<String, String> zombie = producer(cluster, "fenced", Map.of());
                 KafkaProducer<String, String> successor = producer(cluster, "fenced", Map.of())) {
                zombie.initTransactions();
                zombie.beginTransaction();
                zombie.send(new ProducerRecord<>(TOPIC, 0, null, "zombie")).get(30, TimeUnit.SECONDS);

                successor.initTransactions(); // aborts the zombie's open transaction, bumps the epoch
                successor.beginTransaction();
                successor.send(new ProducerRecord<>(TOPIC, 0, null, "successor"));
                successor.commitTransaction();

                assertThrows(Exception.class, () -> zombie.send(new ProducerRecord<>(TOPIC, 1, null, "zombie-late"))
                    .get(30, TimeUnit.SECONDS), "the zombie's write with its old epoch is refused");
                assertThrows(ProducerFencedException.class, zombie::commitTransaction);
                KafkaException after = assertThrows(KafkaException.class, zombie::beginTransaction,
                    "a fenced producer can only be closed");
                assertTrue(after instanceof ProducerFencedException, String.valueOf(after));
            }
            awaitState(cluster, "fenced", "CompleteCommit");
            Map<TopicPartition, PartitionBatches> logs = awaitReplicatedLogs(cluster, TOPIC, 2);
            PartitionBatches log = logs.get(new TopicPartition(TOPIC, 0));
            assertEquals(List.of("successor"), log.committedValues(), "the zombie's record was aborted");
            assertTrue(log.allTransactionsEnded());
            assertTrue(logs.get(new TopicPartition(TOPIC, 1)).batches().stream().noneMatch(b -> b.values()
                .contains("zombie-late")), "never written: " + logs.get(new TopicPartition(TOPIC, 1)).batches());
            try (KafkaConsumer<String, String> readCommitted = consumer(cluster, "read_committed")) {
                assertEquals(List.of("successor"), readToLogEnd(cluster, readCommitted, partitions(TOPIC, 2)));
            }
        }
    }

    @Test
    void shouldAbortAHangingTransactionAfterItsTimeoutAndThenReleaseReadCommittedConsumers() throws Exception {
        try (ZKafkaCluster cluster = cluster(3)
                .brokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", 200).build()) {
            createTopic(cluster, TOPIC, 1, 3);
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            try (KafkaProducer<String, String> hanging = producer(cluster, "hanging",
                    Map.of("transaction.timeout.ms", 6_000));
                 KafkaProducer<String, String> committer = producer(cluster, "committer", Map.of());
                 KafkaConsumer<String, String> readCommitted = consumer(cluster, "read_committed");
                 KafkaConsumer<String, String> readUncommitted = consumer(cluster, "read_uncommitted")) {
                hanging.initTransactions();
                committer.initTransactions();
                long start = System.nanoTime();
                hanging.beginTransaction();
                long hangingOffset = hanging.send(new ProducerRecord<>(TOPIC, 0, null, "never committed"))
                    .get(30, TimeUnit.SECONDS).offset();
                committer.beginTransaction();
                committer.send(new ProducerRecord<>(TOPIC, 0, null, "committed after it"));
                committer.commitTransaction();
                awaitState(cluster, "committer", "CompleteCommit"); // its marker is written

                // while it hangs, read_committed ends at its first record: the committed one after it waits
                readCommitted.assign(List.of(tp));
                readUncommitted.assign(List.of(tp));
                assertEquals(hangingOffset, readCommitted.endOffsets(List.of(tp)).get(tp), "the last stable offset");
                assertEquals(hangingOffset + 3, readUncommitted.endOffsets(List.of(tp)).get(tp),
                    "the high watermark: both records and the commit marker");
                readCommitted.seekToBeginning(List.of(tp));
                List<String> early = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    readCommitted.poll(Duration.ofMillis(100)).forEach(r -> early.add(r.value()));
                }
                assertEquals("Ongoing", describe(cluster, "hanging").transactionState(),
                    "the checks above ran while the transaction hung");
                assertTrue(early.isEmpty(), "nothing readable before the hanging transaction ends: " + early);
                assertTrue(readCommitted.position(tp) <= hangingOffset);

                TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
                    .allMatch(b -> PartitionBatches.read(b, tp).allTransactionsEnded()),
                    WAIT, () -> "the coordinator to abort the open transaction on every replica");
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waitedMs < 30_000, "aborted about 6 s after it began, took " + waitedMs + " ms");
                PartitionBatches log = PartitionBatches.read(leaderOf(cluster, tp), tp);
                long hangingProducer = log.batches().get(0).producerId();
                List<PartitionBatches.Batch> abortMarkers = log.markers().stream()
                    .filter(m -> m.producerId() == hangingProducer).toList();
                assertEquals(1, abortMarkers.size(), String.valueOf(log.markers()));
                assertFalse(abortMarkers.get(0).commitMarker());
                assertEquals(1, abortMarkers.get(0).producerEpoch(), "the abort marker carries the bumped epoch");
                assertEquals(List.of("committed after it"), log.committedValues());
                assertThrows(ProducerFencedException.class, hanging::commitTransaction);

                assertEquals(List.of("committed after it"), readToLogEnd(cluster, readCommitted, List.of(tp)),
                    "released: the committed record, never the aborted one");
            }
            awaitState(cluster, "hanging", "CompleteAbort");
        }
    }

    @Test
    void shouldRecoverAnOpenTransactionFromTheProducerStateSnapshotAfterAHardKill() throws Exception {
        try (ZKafkaCluster cluster = cluster(1).build()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("segment.bytes", "1024"))))
                    .all().get(30, TimeUnit.SECONDS);
            }
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            try (KafkaProducer<String, String> producer = producer(cluster, "survivor", Map.of("linger.ms", 0))) {
                producer.initTransactions();
                producer.beginTransaction();
                long firstOffset = -1;
                for (int i = 0; i < 40; i++) {
                    long offset = producer.send(new ProducerRecord<>(TOPIC, 0, null, "record-" + i + "-" + "x".repeat(80)))
                        .get(30, TimeUnit.SECONDS).offset();
                    firstOffset = firstOffset < 0 ? offset : firstOffset;
                }
                Partition before = cluster.broker(1).replicaManager().partition(tp).orElseThrow();
                List<Long> segments = before.log().segmentBaseOffsets();
                long lastRoll = segments.get(segments.size() - 1);
                assertTrue(segments.size() > 3 && lastRoll > firstOffset, "several segments: " + segments);
                assertEquals(firstOffset, before.lastStableOffset(), "the open transaction holds the last stable offset");

                cluster.killBroker(1);
                KafkaServer restarted = cluster.startBroker(1);
                TestUtils.waitForCondition(() -> restarted.replicaManager().partition(tp).map(Partition::isLeader)
                    .orElse(false), WAIT, () -> "the restarted broker leads " + tp);
                Partition after = restarted.replicaManager().partition(tp).orElseThrow();
                assertEquals(lastRoll, after.log().producerStateLoad().snapshotOffset(),
                    "no clean shutdown: the state comes from the last roll's snapshot");
                assertEquals(lastRoll, after.log().producerStateLoad().replayedFrom(), "only the tail is replayed");
                TestUtils.waitForCondition(() -> after.highWatermark() == after.logEndOffset(), WAIT,
                    () -> "the high watermark to reach the log end");
                assertEquals(firstOffset, after.lastStableOffset(),
                    "the transaction begun before the snapshot is still open and still holds read_committed back");

                producer.commitTransaction(); // the reloaded coordinator finishes it
            }
            awaitState(cluster, "survivor", "CompleteCommit");
            try (KafkaConsumer<String, String> readCommitted = consumer(cluster, "read_committed")) {
                List<String> read = readToLogEnd(cluster, readCommitted, List.of(tp));
                assertEquals(40, read.size(), "the whole transaction, once committed: " + read.size());
            }
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
