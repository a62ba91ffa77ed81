package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FenceProducersResult;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Apache Kafka 3.9's transactional producer, consumers of both isolation levels and Admin against
 * the Kafka listener of three brokers: commits and aborts, offsets committed in a transaction,
 * fencing by a second producer and by Admin, the admin views of producers and transactions, Admin's
 * abort of a hanging transaction, and Kafka's and ZKafka's transactions interleaved on one topic.
 */
@Timeout(300)
class KafkaTransactionsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3)
            .brokerConfig("transaction.state.log.num.partitions", 3).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void readCommittedConsumersSeeOnlyCommittedTransactionsAndReadUncommittedOnesSeeAll() throws Exception {
        String topic = createTopic("kafka-txn-commit-abort");
        try (KafkaProducer<String, String> producer = producer("commit-abort")) {
            producer.initTransactions();
            for (String kind : List.of("committed", "aborted", "later")) {
                producer.beginTransaction();
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, kind + "-" + i));
                }
                if (kind.equals("aborted")) {
                    producer.flush();
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        awaitTransactionState("commit-abort", TransactionState.COMPLETE_COMMIT);
        List<String> committed = readToLogEnd(topic, "read_committed");
        assertEquals(60, committed.size(), "the two committed transactions' records: " + committed);
        assertEquals(expected("committed", "later"), Set.copyOf(committed));
        List<String> all = readToLogEnd(topic, "read_uncommitted");
        assertEquals(90, all.size(), "every record, the aborted ones too: " + all);
        assertEquals(expected("committed", "aborted", "later"), Set.copyOf(all));
    }

    @Test
    void offsetsSentToACommittedTransactionBecomeTheGroupsCommittedOffsets() throws Exception {
        String topic = createTopic("kafka-txn-offsets");
        String group = "kafka-txn-group";
        TopicPartition input = new TopicPartition(topic, 1);
        io.zkafka.common.TopicPartition nativeInput = new io.zkafka.common.TopicPartition(topic, 1);
        try (KafkaProducer<String, String> producer = producer("offsets");
             io.zkafka.clients.admin.Admin zkafkaAdmin = zkafkaAdmin()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, null, "output"));
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(42, "in-txn")),
                new ConsumerGroupMetadata(group));
            assertEquals(Map.of(), committedOffsets(zkafkaAdmin, group), "pending until the transaction commits");
            producer.commitTransaction();
            TestUtils.waitForCondition(() -> committedOffset(zkafkaAdmin, group, nativeInput) == 42, WAIT,
                () -> "the group's offset to become 42, it is " + committedOffsets(zkafkaAdmin, group));
            assertEquals("in-txn", committedOffsets(zkafkaAdmin, group).get(nativeInput).metadata());

            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(99)), new ConsumerGroupMetadata(group));
            producer.abortTransaction();
            awaitTransactionState("offsets", TransactionState.COMPLETE_ABORT);
            assertEquals(42, committedOffset(zkafkaAdmin, group, nativeInput), "an aborted transaction's offsets are dropped");
        }
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        String topic = createTopic("kafka-txn-fencing");
        try (KafkaProducer<String, String> first = producer("fenced")) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, 0, null, "first-open")).get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> second = producer("fenced")) {
                second.initTransactions(); // aborts the first producer's open transaction under a new epoch
                second.beginTransaction();
                second.send(new ProducerRecord<>(topic, 0, null, "second-committed"));
                second.commitTransaction();
            }
            assertThrows(ProducerFencedException.class, first::commitTransaction);
        }
        awaitTransactionState("fenced", TransactionState.COMPLETE_COMMIT);
        assertEquals(List.of("second-committed"), readToLogEnd(topic, "read_committed"));
        assertEquals(Set.of("first-open", "second-committed"), Set.copyOf(readToLogEnd(topic, "read_uncommitted")));
    }

    @Test
    void kafkasAdminDescribesProducersAndListsAndDescribesTransactions() throws Exception {
        String topic = createTopic("kafka-txn-admin");
        TopicPartition tp0 = new TopicPartition(topic, 0);
        TopicPartition tp1 = new TopicPartition(topic, 1);
        try (KafkaProducer<String, String> producer = producer("admin-view");
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, null, "a")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, null, "b")).get(30, TimeUnit.SECONDS);

            TransactionDescription open = admin.describeTransactions(List.of("admin-view")).description("admin-view")
                .get(30, TimeUnit.SECONDS);
            assertEquals(TransactionState.ONGOING, open.state());
            assertEquals(Set.of(tp0, tp1), open.topicPartitions());
            assertEquals(60_000, open.transactionTimeoutMs());
            assertTrue(open.transactionStartTimeMs().isPresent());
            assertTrue(Set.of(1, 2, 3).contains(open.coordinatorId()), "coordinator " + open.coordinatorId());

            Collection<TransactionListing> listed = admin.listTransactions().all().get(30, TimeUnit.SECONDS);
            TransactionListing listing = listed.stream().filter(l -> l.transactionalId().equals("admin-view"))
                .findFirst().orElseThrow(() -> new AssertionError("admin-view is not listed: " + listed));
            assertEquals(open.producerId(), listing.producerId());
            assertEquals(TransactionState.ONGOING, listing.state());
            assertFalse(admin.listTransactions(new ListTransactionsOptions().filterStates(
                    List.of(TransactionState.COMPLETE_COMMIT))).all().get(30, TimeUnit.SECONDS).stream()
                .anyMatch(l -> l.transactionalId().equals("admin-view")), "filtered out by state");

            ProducerState producerState = producerOn(admin, tp0, open.producerId());
            assertEquals(open.producerEpoch(), producerState.producerEpoch());
            assertEquals(OptionalLong.of(0), producerState.currentTransactionStartOffset());

            producer.commitTransaction();
            awaitTransactionState("admin-view", TransactionState.COMPLETE_COMMIT);
            TransactionDescription done = admin.describeTransactions(List.of("admin-view")).description("admin-view")
                .get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(), done.topicPartitions());
            TestUtils.waitForCondition(() -> producerOn(admin, tp1, open.producerId())
                .currentTransactionStartOffset().isEmpty(), WAIT, "the commit marker to close the transaction on " + tp1);
        }
    }

    @Test
    void kafkasAdminFencesATransactionalProducer() throws Exception {
        String topic = createTopic("kafka-txn-admin-fence");
        try (KafkaProducer<String, String> producer = producer("admin-fenced");
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, null, "fenced-out")).get(30, TimeUnit.SECONDS);
            TransactionDescription before = describe(admin, "admin-fenced");
            FenceProducersResult fenced = admin.fenceProducers(List.of("admin-fenced"));
            fenced.all().get(30, TimeUnit.SECONDS);
            assertEquals(before.producerId(), fenced.producerId("admin-fenced").get());
            assertTrue(fenced.epochId("admin-fenced").get() > before.producerEpoch(), "the epoch was bumped");
            assertThrows(ProducerFencedException.class, producer::commitTransaction);
        }
        // the open transaction was aborted before the bump, which leaves the id Empty, as in Kafka
        awaitTransactionState("admin-fenced", TransactionState.EMPTY);
        assertEquals(List.of(), readToLogEnd(topic, "read_committed"));
        assertEquals(List.of("fenced-out"), readToLogEnd(topic, "read_uncommitted"));
    }

    @Test
    void kafkasAdminAbortsAHangingTransactionWithAMarkerOnItsPartition() throws Exception {
        String topic = createTopic("kafka-txn-admin-abort");
        TopicPartition tp = new TopicPartition(topic, 2);
        try (KafkaProducer<String, String> producer = producer("hanging");
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 2, null, "hanging")).get(30, TimeUnit.SECONDS);
            long producerId = describe(admin, "hanging").producerId();
            ProducerState open = producerOn(admin, tp, producerId);
            assertEquals(OptionalLong.of(0), open.currentTransactionStartOffset());

            admin.abortTransaction(new AbortTransactionSpec(tp, producerId, (short) open.producerEpoch(),
                open.coordinatorEpoch().orElse(0))).all().get(30, TimeUnit.SECONDS);
            assertEquals(OptionalLong.empty(), producerOn(admin, tp, producerId).currentTransactionStartOffset());
            assertEquals(List.of(), readToLogEnd(topic, "read_committed"), "the abort marker ends the transaction");
            assertEquals(List.of("hanging"), readToLogEnd(topic, "read_uncommitted"));
        }
    }

    @Test
    void kafkasAndZKafkasTransactionsInterleaveOnOneTopic() throws Exception {
        String topic = createTopic("kafka-txn-interleaved");
        try (KafkaProducer<String, String> kafka = producer("interleaved-kafka");
             io.zkafka.clients.producer.KafkaProducer<String, String> zkafka = new io.zkafka.clients.producer.KafkaProducer<>(
                 Map.of("bootstrap.servers", cluster.bootstrapServers(), "transactional.id", "interleaved-zkafka",
                     "max.block.ms", 30_000), new io.zkafka.common.serialization.StringSerializer(),
                 new io.zkafka.common.serialization.StringSerializer())) {
            kafka.initTransactions();
            zkafka.initTransactions();
            for (int round = 0; round < 4; round++) {
                kafka.beginTransaction();
                zkafka.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    kafka.send(new ProducerRecord<>(topic, i % PARTITIONS, null, "kafka-" + round + "-" + i));
                    zkafka.send(new io.zkafka.clients.producer.ProducerRecord<>(topic, i % PARTITIONS, null,
                        "zkafka-" + round + "-" + i));
                }
                kafka.flush();
                zkafka.flush();
                // Kafka's producer commits the even rounds, ZKafka's the odd ones
                if (round % 2 == 0) {
                    kafka.commitTransaction();
                    zkafka.abortTransaction();
                } else {
                    zkafka.commitTransaction();
                    kafka.abortTransaction();
                }
            }
        }
        awaitTransactionState("interleaved-kafka", TransactionState.COMPLETE_ABORT);
        Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            for (String committed : List.of("kafka-0-", "zkafka-1-", "kafka-2-", "zkafka-3-")) {
                expected.add(committed + i);
            }
        }
        List<String> zkafkaRead = readToLogEndWithZKafka(topic);
        assertEquals(40, zkafkaRead.size(), "ZKafka's read_committed consumer: " + zkafkaRead);
        assertEquals(expected, Set.copyOf(zkafkaRead));
        List<String> kafkaRead = readToLogEnd(topic, "read_committed");
        assertEquals(40, kafkaRead.size(), "Kafka's read_committed consumer: " + kafkaRead);
        assertEquals(expected, Set.copyOf(kafkaRead));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String createTopic(String topic) throws Exception {
        try (io.zkafka.clients.admin.Admin admin = zkafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static io.zkafka.clients.admin.Admin zkafkaAdmin() {
        return io.zkafka.clients.admin.Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        config.put("transactional.id", transactionalId);
        config.put("transaction.timeout.ms", 60_000);
        config.put("max.block.ms", 30_000);
        config.put("linger.ms", 5);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Set<String> expected(String... kinds) {
        Set<String> values = new java.util.HashSet<>();
        for (String kind : kinds) {
            for (int i = 0; i < 30; i++) {
                values.add(kind + "-" + i);
            }
        }
        return values;
    }

    /** Waits until Kafka's Admin, asking the transaction's coordinator, reports {@code state}. */
    private static void awaitTransactionState(String transactionalId, TransactionState state) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            TestUtils.waitForCondition(() -> describe(admin, transactionalId).state() == state, WAIT,
                () -> transactionalId + " to reach " + state + ", it is " + describe(admin, transactionalId).state());
        }
    }

    private static TransactionDescription describe(Admin admin, String transactionalId) {
        try {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("describing " + transactionalId + " failed", e);
        }
    }

    private static ProducerState producerOn(Admin admin, TopicPartition tp, long producerId) {
        try {
            List<ProducerState> producers = admin.describeProducers(List.of(tp)).partitionResult(tp)
                .get(30, TimeUnit.SECONDS).activeProducers();
            return producers.stream().filter(p -> p.producerId() == producerId).findFirst()
                .orElseThrow(() -> new AssertionError("producer " + producerId + " is not active on " + tp + ": "
                    + producers));
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("describing the producers of " + tp + " failed", e);
        }
    }

    private static Map<io.zkafka.common.TopicPartition, io.zkafka.clients.consumer.OffsetAndMetadata> committedOffsets(
        io.zkafka.clients.admin.Admin admin, String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("reading the offsets of " + group + " failed", e);
        }
    }

    private static long committedOffset(io.zkafka.clients.admin.Admin admin, String group,
                                        io.zkafka.common.TopicPartition tp) {
        io.zkafka.clients.consumer.OffsetAndMetadata offset = committedOffsets(admin, group).get(tp);
        return offset == null ? -1 : offset.offset();
    }

    /** Each partition's log end offset on its leader now. */
    private static Map<Integer, Long> logEnds(String topic) {
        Map<Integer, Long> ends = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            io.zkafka.common.TopicPartition tp = new io.zkafka.common.TopicPartition(topic, p);
            KafkaServer leader = cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no leader for " + tp));
            ends.put(p, leader.replicaManager().partition(tp).orElseThrow().logEndOffset());
        }
        return ends;
    }

    /** Kafka's consumer (no group: assign and seekToBeginning) reads every partition to its log end. */
    private static List<String> readToLogEnd(String topic, String isolationLevel) {
        Map<String, Object> config = Map.of("bootstrap.servers", cluster.kafkaBootstrapServers(),
            "isolation.level", isolationLevel);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
            new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollToLogEnds(topic, () -> consumer.poll(Duration.ofMillis(100)), ConsumerRecord::value,
                p -> consumer.position(partitions.get(p)));
        }
    }

    /** ZKafka's read_committed consumer (over the native listener) reads every partition to its log end. */
    private static List<String> readToLogEndWithZKafka(String topic) {
        Map<String, Object> config = Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "isolation.level", "read_committed");
        try (io.zkafka.clients.consumer.KafkaConsumer<String, String> consumer = new io.zkafka.clients.consumer.KafkaConsumer<>(
            config, new io.zkafka.common.serialization.StringDeserializer(),
            new io.zkafka.common.serialization.StringDeserializer())) {
            List<io.zkafka.common.TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new io.zkafka.common.TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollToLogEnds(topic, () -> consumer.poll(Duration.ofMillis(100)),
                io.zkafka.clients.consumer.ConsumerRecord::value, p -> consumer.position(partitions.get(p)));
        }
    }

    /**
     * Polls until the consumer's position on every partition reaches the leader's log end (which a
     * read_committed consumer can only once no transaction is open there) and returns the values read.
     */
    private static <R, S extends Iterable<R>> List<String> pollToLogEnds(String topic,
                                                                         java.util.function.Supplier<S> poll,
                                                                         Function<R, String> value,
                                                                         ToLongFunction<Integer> position) {
        Map<Integer, Long> ends = logEnds(topic);
        List<String> values = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            for (R record : poll.get()) {
                values.add(value.apply(record));
            }
            return ends.entrySet().stream().allMatch(e -> position.applyAsLong(e.getKey()) >= e.getValue());
        }, WAIT, () -> "reading " + topic + " to its log ends " + ends + ", read " + values.size() + " records");
        return values.stream().collect(Collectors.toList());
    }
}
