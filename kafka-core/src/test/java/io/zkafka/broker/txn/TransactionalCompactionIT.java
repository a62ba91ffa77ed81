package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TransactionsIT.WAIT;
import static io.zkafka.broker.txn.TransactionsIT.awaitState;
import static io.zkafka.broker.txn.TransactionsIT.leaderOf;
import static io.zkafka.broker.txn.TransactionsIT.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compaction of a compacted topic written in transactions, on a real cluster: the cleaner removes
 * the aborted transaction's records (they never were the newest value of their keys for a
 * read_committed reader), then, once a later pass finds none of them left and the marker's delete
 * horizon has passed, its abort marker (Kafka's rule: only when safe); it keeps the newest committed
 * value of every key, and consumers of both isolation levels read the same compacted log.
 */
@Timeout(120)
class TransactionalCompactionIT {
    private static final String TOPIC = "ledger";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @Test
    void shouldRemoveAbortedDataAndItsMarkerAndKeepTheNewestCommittedValues() throws Exception {
        try (ZKafkaCluster cluster = TransactionsIT.cluster(3).brokerConfig("log.cleaner.backoff.ms", 100).build()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("cleanup.policy", "compact",
                    "segment.bytes", "1024", "delete.retention.ms", "300")))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(cluster, "ledger-writer", Map.of())) {
                producer.initTransactions();
                writeInTransaction(producer, 10, "first", true);
                writeInTransaction(producer, 10, "aborted", false);
                writeInTransaction(producer, 5, "third", true);
            }
            awaitState(cluster, "ledger-writer", "CompleteCommit");
            Partition leader = leaderOf(cluster, TP).replicaManager().partition(TP).orElseThrow();
            TestUtils.waitForCondition(() -> leader.highWatermark() == leader.logEndOffset(), WAIT,
                () -> "every replica to have the whole log");
            leader.log().roll(); // the active segment is never cleaned: make all of it cleanable

            // first pass: the aborted records go; their marker stays, since this pass still read them
            TestUtils.waitForCondition(() -> values(cluster).stream().noneMatch(v -> v.startsWith("aborted-")), WAIT,
                () -> "the cleaner to remove the aborted records: " + PartitionBatches.read(leaderOf(cluster, TP), TP));

            // more data makes the log dirty again: a pass that finds no data of the aborted transaction gives
            // its marker a delete horizon (delete.retention.ms), and a pass after it removes the marker
            try (KafkaProducer<String, String> producer = producer(cluster, "ledger-writer", Map.of())) {
                producer.initTransactions();
                writeInTransaction(producer, 1, "fourth", true, 9);
            }
            awaitState(cluster, "ledger-writer", "CompleteCommit");
            Partition newLeader = leaderOf(cluster, TP).replicaManager().partition(TP).orElseThrow();
            TestUtils.waitForCondition(() -> newLeader.highWatermark() == newLeader.logEndOffset(), WAIT,
                () -> "every replica to have the whole log");
            newLeader.log().roll();
            Set<String> newest = new TreeSet<>();
            for (int key = 0; key < 10; key++) {
                newest.add(key < 5 ? "third-" + key : key < 9 ? "first-" + key : "fourth-" + key);
            }
            TestUtils.waitForCondition(() -> {
                PartitionBatches log = PartitionBatches.read(leaderOf(cluster, TP), TP);
                return log.markers().stream().allMatch(PartitionBatches.Batch::commitMarker)
                    && values(cluster).size() == newest.size();
            }, WAIT, () -> "the cleaner to remove the abort marker and leave one value per key: "
                + PartitionBatches.read(leaderOf(cluster, TP), TP).batches());

            PartitionBatches log = PartitionBatches.read(leaderOf(cluster, TP), TP);
            assertEquals(newest, new TreeSet<>(log.committedValues()));
            assertTrue(log.allTransactionsEnded());
            for (String isolation : List.of("read_committed", "read_uncommitted")) {
                try (KafkaConsumer<String, String> consumer = TransactionsIT.consumer(cluster, isolation)) {
                    List<String> read = TransactionsIT.readToLogEnd(cluster, consumer, List.of(TP));
                    assertEquals(newest.size(), read.size(), isolation + ": one value per key: " + read);
                    assertEquals(newest, new TreeSet<>(read), isolation);
                }
            }
        }
    }

    /** Every value in the leader's log, in offset order. */
    private static List<String> values(ZKafkaCluster cluster) {
        List<String> values = new ArrayList<>();
        PartitionBatches.read(leaderOf(cluster, TP), TP).batches().forEach(b -> values.addAll(b.values()));
        return values;
    }

    private static void writeInTransaction(KafkaProducer<String, String> producer, int count, String prefix,
                                           boolean commit) {
        writeInTransaction(producer, count, prefix, commit, 0);
    }

    /** Writes keys from..from+count-1 with values "{prefix}-{key}" in one transaction, committed or aborted. */
    private static void writeInTransaction(KafkaProducer<String, String> producer, int count, String prefix,
                                           boolean commit, int from) {
        producer.beginTransaction();
        for (int key = from; key < from + count; key++) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "k" + key, prefix + "-" + key));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }
}
