package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.AbortTransactionSpec;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.DescribeProducersOptions;
import io.zkafka.clients.admin.ListTopicsOptions;
import io.zkafka.clients.admin.ListTransactionsOptions;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.ProducerState;
import io.zkafka.clients.admin.TransactionDescription;
import io.zkafka.clients.admin.TransactionListing;
import io.zkafka.clients.admin.TransactionState;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.ProducerFencedException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.HangingTransactions;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin client's transaction calls against three real brokers: a running transaction listed by
 * its coordinator and described with its partitions; a partition's producers with the open
 * transaction's start offset, from the leader and from a follower; a hanging transaction aborted
 * through its partition's leader, after which read_committed readers get past it; a live
 * transactional producer fenced, its transaction aborted, and an abort in its stale name refused.
 */
class TransactionAdminIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3)
            .brokerConfig("transaction.state.log.num.partitions", 3)
            .brokerConfig("offsets.topic.num.partitions", 3)
            .brokerConfig("group.initial.rebalance.delay.ms", 0)
            .build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "transactional.id", transactionalId, "transaction.timeout.ms", 120_000, "max.block.ms", 30_000),
            new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> readCommittedConsumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "isolation.level", "read_committed", "enable.auto.commit", "false"), new StringDeserializer(),
            new StringDeserializer());
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static TransactionListing listed(String transactionalId, ListTransactionsOptions options)
        throws Exception {
        Collection<TransactionListing> all = get(admin.listTransactions(options).all());
        return all.stream().filter(l -> l.transactionalId().equals(transactionalId)).findFirst().orElse(null);
    }

    private static ApiException apiFailure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(future));
        return assertInstanceOf(ApiException.class, e.getCause());
    }

    @Test
    void shouldListAndDescribeARunningTransactionAndItsProducers() throws Exception {
        createTopic("payments", 3);
        TopicPartition p0 = new TopicPartition("payments", 0);
        TopicPartition p1 = new TopicPartition("payments", 1);
        try (KafkaProducer<String, String> producer = transactionalProducer("tx-running")) {
            producer.initTransactions();
            producer.beginTransaction();
            RecordMetadata first = producer.send(new ProducerRecord<>("payments", 0, "k", "a")).get();
            producer.send(new ProducerRecord<>("payments", 1, "k", "b")).get();

            TransactionListing listing = listed("tx-running", new ListTransactionsOptions());
            assertEquals(TransactionState.ONGOING, listing.state(), listing::toString);
            assertEquals(3, get(admin.listTransactions().allByBrokerId()).size());
            assertEquals(listing, listed("tx-running", new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.ONGOING)).filterProducerIds(List.of(listing.producerId()))));
            assertEquals(null, listed("tx-running", new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.COMPLETE_COMMIT))));
            assertEquals(null, listed("tx-running", new ListTransactionsOptions().filterOnDuration(3_600_000)));

            TransactionDescription running = get(admin.describeTransactions(List.of("tx-running"))
                .description("tx-running"));
            assertEquals(TransactionState.ONGOING, running.state());
            assertEquals(listing.producerId(), running.producerId());
            assertEquals(Set.of(p0, p1), running.topicPartitions());
            assertEquals(120_000, running.transactionTimeoutMs());
            assertTrue(running.transactionStartTimeMs().isPresent(), running::toString);
            assertTrue(get(admin.describeCluster().nodes()).stream().anyMatch(n -> n.id() == running.coordinatorId()),
                running::toString);

            ProducerState open = producerOf(get(admin.describeProducers(List.of(p0)).partitionResult(p0))
                .activeProducers(), running.producerId());
            assertEquals(first.offset(), open.currentTransactionStartOffset().orElse(-1));
            assertEquals(running.producerEpoch(), open.producerEpoch());
            int follower = followerOf(p0);
            TestUtils.waitForCondition(() -> producerOf(admin.describeProducers(List.of(p0),
                new DescribeProducersOptions().brokerId(follower)).partitionResult(p0).join().activeProducers(),
                running.producerId()).currentTransactionStartOffset().isPresent(), WAIT,
                "the follower never reported the open transaction");

            producer.commitTransaction();
            TestUtils.waitForCondition(() -> admin.describeTransactions(List.of("tx-running")).description("tx-running")
                .join().state() == TransactionState.COMPLETE_COMMIT, WAIT, "the commit never completed");
            ProducerState committed = producerOf(get(admin.describeProducers(List.of(p0)).partitionResult(p0))
                .activeProducers(), running.producerId());
            assertTrue(committed.currentTransactionStartOffset().isEmpty(), committed::toString);
            assertTrue(committed.coordinatorEpoch().isPresent(), committed::toString);
        }
        assertTrue(get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names())
            .contains("__transaction_state"));
        assertFalse(get(admin.listTopics().names()).contains("__transaction_state"));
        assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND, apiFailure(admin.describeTransactions(List.of("tx-never"))
            .description("tx-never")).error());
        TopicPartition missing = new TopicPartition("payments", 7);
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, apiFailure(admin.describeProducers(List.of(missing))
            .partitionResult(missing)).error());
    }

    private static ProducerState producerOf(List<ProducerState> producers, long producerId) {
        return producers.stream().filter(p -> p.producerId() == producerId).findFirst()
            .orElseThrow(() -> new AssertionError("producer " + producerId + " not among " + producers));
    }

    private static int followerOf(TopicPartition tp) throws Exception {
        var info = get(admin.describeTopics(List.of(tp.topic())).allTopicNames()).get(tp.topic()).partitions()
            .get(tp.partition());
        return info.replicas().stream().filter(n -> n.id() != info.leader().id()).findFirst().orElseThrow().id();
    }

    @Test
    void shouldAbortAHangingTransactionAndReleaseReadCommittedReaders() throws Exception {
        createTopic("stuck", 1);
        TopicPartition tp = new TopicPartition("stuck", 0);
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(Map.of("bootstrap.servers",
                 cluster.bootstrapServers()), new StringSerializer(), new StringSerializer());
             HangingTransactions hanging = new HangingTransactions(admin, cluster.bootstrapServers().split(",")[0]);
             KafkaConsumer<String, String> consumer = readCommittedConsumer()) {
            plain.send(new ProducerRecord<>("stuck", 0, null, "before")).get();
            HangingTransactions.Hanging open = hanging.open(tp, 3, System.currentTimeMillis());
            plain.send(new ProducerRecord<>("stuck", 0, null, "after")).get();
            assertEquals(open.startOffset(), hanging.lastStableOffset(tp), "the open transaction holds the LSO");

            ProducerState state = producerOf(get(admin.describeProducers(List.of(tp)).partitionResult(tp))
                .activeProducers(), open.producerId());
            assertEquals(open.startOffset(), state.currentTransactionStartOffset().orElse(-1));
            get(admin.abortTransaction(new AbortTransactionSpec(tp, state.producerId(), (short) state.producerEpoch(),
                state.coordinatorEpoch().orElse(0))).all());

            long end = open.startOffset() + 3 + 1 + 1; // three records, the marker, "after"
            assertEquals(end, hanging.lastStableOffset(tp));
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> read = new ArrayList<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return consumer.position(tp) >= end;
            }, WAIT, () -> "read " + read);
            assertEquals(List.of("before", "after"), read);
            assertTrue(producerOf(get(admin.describeProducers(List.of(tp)).partitionResult(tp)).activeProducers(),
                open.producerId()).currentTransactionStartOffset().isEmpty());
        }
    }

    @Test
    void shouldFenceALiveTransactionalProducerAndAbortItsTransaction() throws Exception {
        createTopic("fenced", 1);
        TopicPartition tp = new TopicPartition("fenced", 0);
        try (KafkaProducer<String, String> zombie = transactionalProducer("tx-zombie");
             KafkaConsumer<String, String> consumer = readCommittedConsumer()) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>("fenced", 0, null, "zombie-write")).get();
            TransactionDescription before = get(admin.describeTransactions(List.of("tx-zombie"))
                .description("tx-zombie"));

            var fenced = admin.fenceProducers(List.of("tx-zombie"));
            get(fenced.all());
            assertEquals(before.producerId(), get(fenced.producerId("tx-zombie")));
            assertTrue(get(fenced.epochId("tx-zombie")) > before.producerEpoch(), "the epoch was not bumped");

            Exception commit = assertThrows(Exception.class, zombie::commitTransaction);
            assertTrue(causedByFencing(commit), () -> "not fenced: " + commit);
            // the fencing InitProducerId answers once the abort is written, leaving the id idle at the new epoch
            TransactionDescription after = get(admin.describeTransactions(List.of("tx-zombie"))
                .description("tx-zombie"));
            assertEquals(TransactionState.EMPTY, after.state(), after::toString);
            assertEquals((int) get(fenced.epochId("tx-zombie")), after.producerEpoch());

            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return consumer.position(tp) >= 2; // the write and the abort marker
            }, WAIT, () -> "position " + consumer.position(tp));
            assertFalse(read.stream().anyMatch(r -> r.value().equals("zombie-write")), read::toString);

            // an abort in the zombie's name is refused: its epoch and the -1 coordinator epoch are both stale now
            assertEquals(Errors.INVALID_PRODUCER_EPOCH, apiFailure(admin.abortTransaction(new AbortTransactionSpec(tp,
                before.producerId(), (short) before.producerEpoch(), Integer.MAX_VALUE)).all()).error());
            assertEquals(Errors.TRANSACTION_COORDINATOR_FENCED, apiFailure(admin.abortTransaction(
                new AbortTransactionSpec(tp, before.producerId(), (short) after.producerEpoch(), -1)).all()).error());
        }
    }

    private static boolean causedByFencing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
