package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.TransactionState;
import io.zkafka.clients.admin.TransactionDescription;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.HangingTransactions;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-transactions.sh and the console consumer's --isolation-level against three real brokers:
 * list, describe and describe-producers of a running transaction; find-hanging reports a
 * transaction no coordinator will end (and not an old-looking one its coordinator still has open),
 * abort ends it by its start offset, and a read_committed console consumer then reads past it
 * without printing its records; aborted transactions' records are never printed read_committed; the
 * producer perf test with --transaction-duration-ms commits every record in many transactions.
 */
class TransactionsCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long HALF_AN_HOUR_MS = 30 * 60_000L;
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3)
            .brokerConfig("transaction.state.log.num.partitions", 3)
            .brokerConfig("offsets.topic.num.partitions", 3)
            .brokerConfig("group.initial.rebalance.delay.ms", 0)
            .build();
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

    private static void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "transactional.id", transactionalId, "transaction.timeout.ms", 600_000, "max.block.ms", 30_000),
            new StringSerializer(), new StringSerializer());
    }

    private static ToolResult transactions(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers()));
        all.addAll(Arrays.asList(args));
        return ToolResult.run(TransactionsCommand.RUNNER, all.toArray(new String[0]));
    }

    private static ToolResult ok(ToolResult result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    /** The cells of the line of the table whose first cells are these. */
    private static List<String> row(ToolResult result, String... first) {
        for (String line : result.outLines()) {
            List<String> cells = Arrays.asList(line.trim().split("\\s+"));
            if (cells.size() >= first.length && cells.subList(0, first.length).equals(List.of(first))) {
                return cells;
            }
        }
        throw new AssertionError("no row starting " + List.of(first) + " in\n" + result);
    }

    private static List<String> consoleConsumer(String topic, String isolationLevel, int maxMessages) {
        return consoleConsumer(topic, isolationLevel, maxMessages, 20_000);
    }

    /** What the console consumer prints from the beginning, stopping after the messages or the idle timeout. */
    private static List<String> consoleConsumer(String topic, String isolationLevel, int maxMessages, long idleMs) {
        ToolResult result = ToolResult.run(ConsoleConsumer.RUNNER, "--bootstrap-server", cluster.bootstrapServers(),
            "--topic", topic, "--from-beginning", "--isolation-level", isolationLevel,
            "--max-messages", String.valueOf(maxMessages), "--timeout-ms", String.valueOf(idleMs));
        assertEquals(0, result.exitCode(), result::toString);
        return result.outLines();
    }

    @Test
    void shouldListDescribeAndDescribeProducersOfARunningTransaction() throws Exception {
        createTopic("ledger", 2);
        try (KafkaProducer<String, String> producer = transactionalProducer("tx-ledger")) {
            producer.initTransactions();
            producer.beginTransaction();
            long offset = producer.send(new ProducerRecord<>("ledger", 1, "k", "v")).get().offset();
            TransactionDescription d = admin.describeTransactions(List.of("tx-ledger")).description("tx-ledger")
                .get(30, TimeUnit.SECONDS);
            String pid = String.valueOf(d.producerId());

            ToolResult list = ok(transactions("list"));
            assertEquals(List.of("TransactionalId", "Coordinator", "ProducerId", "TransactionState"),
                row(list, "TransactionalId"));
            assertEquals(List.of("tx-ledger", String.valueOf(d.coordinatorId()), pid, "Ongoing"),
                row(list, "tx-ledger"));
            assertFalse(ok(transactions("list", "--duration-filter", "3600000")).out().contains("tx-ledger"));

            ToolResult describe = ok(transactions("describe", "--transactional-id", "tx-ledger"));
            assertEquals(List.of("CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch", "TransactionState",
                "TransactionTimeoutMs", "CurrentTransactionStartTimeMs", "TransactionDurationMs", "TopicPartitions"),
                row(describe, "CoordinatorId"));
            List<String> described = row(describe, String.valueOf(d.coordinatorId()), "tx-ledger");
            assertEquals(List.of(pid, String.valueOf(d.producerEpoch()), "Ongoing", "600000"), described.subList(2, 6));
            assertEquals("ledger-1", described.get(8));

            ToolResult producers = ok(transactions("describe-producers", "--topic", "ledger", "--partition", "1"));
            assertEquals(List.of("ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence",
                "LastTimestamp", "CurrentTransactionStartOffset"), row(producers, "ProducerId"));
            List<String> open = row(producers, pid);
            assertEquals(String.valueOf(offset), open.get(5), producers::toString);
            producer.commitTransaction();
        }
        ToolResult unknown = transactions("describe", "--transactional-id", "tx-nobody");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("TRANSACTIONAL_ID_NOT_FOUND"), unknown::toString);
    }

    @Test
    void shouldFindAndAbortAHangingTransactionAndThenReadPastItCommitted() throws Exception {
        createTopic("stuck", 2);
        TopicPartition stuck = new TopicPartition("stuck", 0);
        long longAgo = System.currentTimeMillis() - HALF_AN_HOUR_MS;
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(Map.of("bootstrap.servers",
                 cluster.bootstrapServers()), new StringSerializer(), new StringSerializer());
             KafkaProducer<String, String> live = transactionalProducer("tx-live");
             HangingTransactions hanging = new HangingTransactions(admin, cluster.bootstrapServers().split(",")[0])) {
            plain.send(new ProducerRecord<>("stuck", 0, null, "before")).get();
            HangingTransactions.Hanging open = hanging.open(stuck, 2, longAgo);
            plain.send(new ProducerRecord<>("stuck", 0, null, "after")).get();
            // as old-looking, but its coordinator has it open: not hanging
            live.initTransactions();
            live.beginTransaction();
            live.send(new ProducerRecord<>("stuck", 1, longAgo, null, "live")).get();

            ToolResult found = ok(transactions("find-hanging", "--topic", "stuck", "--max-transaction-timeout", "15"));
            assertEquals(List.of("Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch", "StartOffset",
                "LastTimestamp", "Duration(min)"), row(found, "Topic"));
            List<String> hangingRow = row(found, "stuck", "0");
            assertEquals(List.of(String.valueOf(open.producerId()), String.valueOf(open.producerEpoch()), "None",
                String.valueOf(open.startOffset()), String.valueOf(longAgo)), hangingRow.subList(2, 7));
            assertEquals(2, found.outLines().size(), found::toString);
            int leader = leaderOf(stuck);
            row(ok(transactions("find-hanging", "--broker-id", String.valueOf(leader))), "stuck", "0");
            assertTrue(ok(transactions("find-hanging", "--topic", "stuck", "--max-transaction-timeout", "60")).out()
                .contains("No hanging transactions found"));

            // held at the open transaction: only what is before it, until the idle timeout
            assertEquals(List.of("before"), consoleConsumer("stuck", "read_committed", 2, 3_000));
            ok(transactions("abort", "--topic", "stuck", "--partition", "0", "--start-offset",
                String.valueOf(open.startOffset())));
            TestUtils.waitForCondition(() -> hanging.lastStableOffset(stuck) == open.startOffset() + 4, WAIT,
                "the abort never released the last stable offset");
            assertEquals(List.of("before", "after"), consoleConsumer("stuck", "read_committed", 2));
            assertTrue(ok(transactions("find-hanging", "--topic", "stuck", "--partition", "0")).out()
                .contains("No hanging transactions found"));
            live.abortTransaction();
        }
        ToolResult none = transactions("abort", "--topic", "stuck", "--partition", "0", "--start-offset", "0");
        assertEquals(1, none.exitCode(), none::toString);
        assertTrue(none.err().contains("Could not find any open transactions starting at offset 0 on partition stuck-0"),
            none::toString);
    }

    private static int leaderOf(TopicPartition tp) throws Exception {
        return admin.describeTopics(List.of(tp.topic())).allTopicNames().get(30, TimeUnit.SECONDS).get(tp.topic())
            .partitions().get(tp.partition()).leader().id();
    }

    @Test
    void shouldNotPrintAbortedRecordsReadCommitted() throws Exception {
        createTopic("audit", 1);
        try (KafkaProducer<String, String> producer = transactionalProducer("tx-audit")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("audit", 0, null, "aborted-1"));
            producer.send(new ProducerRecord<>("audit", 0, null, "aborted-2"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("audit", 0, null, "committed-1"));
            producer.commitTransaction();
        }
        assertEquals(List.of("committed-1"), consoleConsumer("audit", "read_committed", 1));
        assertEquals(List.of("aborted-1", "aborted-2", "committed-1"), consoleConsumer("audit", "read_uncommitted", 3));
    }

    private static TransactionDescription describe(String transactionalId) {
        try {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("describeTransactions " + transactionalId + " failed", e);
        }
    }

    @Test
    void shouldCommitEveryRecordOfTheProducerPerfTestInTransactionsOfTheGivenDuration() throws Exception {
        createTopic("perf-txn", 1);
        ToolResult perf = ToolResult.run(ProducerPerformance.RUNNER, "--topic", "perf-txn", "--num-records", "20000",
            "--record-size", "100", "--throughput", "10000", "--transactional-id", "perf-it",
            "--transaction-duration-ms", "50", "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers(),
            "linger.ms=5");
        assertEquals(0, perf.exitCode(), perf::toString);
        assertTrue(perf.outLines().get(perf.outLines().size() - 1).startsWith("20000 records sent"), perf::toString);

        // EndTxn is answered once PrepareCommit is written, as Kafka's is; the markers and CompleteCommit follow
        TestUtils.waitForCondition(() -> describe("perf-it").state() == TransactionState.COMPLETE_COMMIT,
            Duration.ofSeconds(30), () -> "the last transaction to complete: " + describe("perf-it"));
        TopicPartition tp = new TopicPartition("perf-txn", 0);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
            .offset();
        long markers = end - 20_000;
        // two seconds of sends, a commit once a transaction is 50 ms old: several transactions, each of many records
        assertTrue(markers >= 3 && markers <= 2_000, () -> "commit markers: " + markers);
        assertEquals(20_000, consoleConsumer("perf-txn", "read_committed", 20_000).size());
    }
}
