package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TransactionsIT.WAIT;
import static io.zkafka.broker.txn.TransactionsIT.awaitState;
import static io.zkafka.broker.txn.TransactionsIT.describe;
import static io.zkafka.broker.txn.TransactionsIT.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transaction coordinator's broker dies between the commit (or abort) decision and the last
 * marker: the new coordinator of the transactional ids reads the decision from
 * {@code __transaction_state} and finishes it, so every transaction ends whole on every partition,
 * committed or aborted, never half. The window is held open by a partition whose only replica is
 * stopped while the transactions end: its markers cannot be written until it returns, after the
 * coordinator is gone. Partitions that already had their markers may get them a second time from the
 * new coordinator (Kafka's behaviour too): the same kind, so the transaction still ends one way.
 */
@Timeout(300)
class TransactionCoordinatorFailoverIT {

    private static KafkaServer coordinatorOf(ZKafkaCluster cluster, String transactionalId) {
        TopicPartition tp = new TopicPartition(TransactionStateTopic.NAME,
            TransactionStateTopic.partitionFor(transactionalId, 3));
        return cluster.runningBrokers().stream()
            .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false))
            .findFirst().orElse(null);
    }

    @Test
    void shouldFinishEveryDecidedTransactionWholeAfterTheCoordinatorIsKilled() throws Exception {
        try (ZKafkaCluster cluster = TransactionsIT.cluster(3).build()) {
            int isolatedBroker = 3;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("data", 3, (short) 3),
                    new NewTopic("isolated", Map.of(0, List.of(isolatedBroker))))).all().get(30, TimeUnit.SECONDS);
            }
            // two transactional ids coordinated by one broker that is not the isolated partition's
            try (KafkaProducer<String, String> warmUp = producer(cluster, "warm-up", Map.of())) {
                warmUp.initTransactions(); // creates __transaction_state
            }
            List<String> ids = new ArrayList<>();
            KafkaServer coordinator = null;
            for (int i = 0; ids.size() < 2; i++) {
                String id = "txn-" + i;
                TestUtils.waitForCondition(() -> coordinatorOf(cluster, id) != null, WAIT, () -> "a coordinator of " + id);
                KafkaServer candidate = coordinatorOf(cluster, id);
                if (candidate.brokerId() != isolatedBroker && (coordinator == null || candidate == coordinator)) {
                    coordinator = candidate;
                    ids.add(id);
                }
            }
            KafkaProducer<String, String> committing = producer(cluster, ids.get(0), Map.of());
            KafkaProducer<String, String> aborting = producer(cluster, ids.get(1), Map.of());
            try {
                for (KafkaProducer<String, String> producer : List.of(committing, aborting)) {
                    producer.initTransactions();
                    producer.beginTransaction();
                }
                for (int i = 0; i < 30; i++) {
                    committing.send(new ProducerRecord<>("data", i % 3, null, "committed-" + i));
                    aborting.send(new ProducerRecord<>("data", i % 3, null, "aborted-" + i));
                }
                committing.send(new ProducerRecord<>("isolated", 0, null, "committed-isolated"));
                aborting.send(new ProducerRecord<>("isolated", 0, null, "aborted-isolated"));
                committing.flush();
                aborting.flush();

                cluster.stopBroker(isolatedBroker); // its partition has no other replica: no leader, no marker
                committing.commitTransaction();     // answered once the decision is in the log
                aborting.abortTransaction();
            } finally {
                committing.close(java.time.Duration.ZERO);
                aborting.close(java.time.Duration.ZERO);
            }
            awaitState(cluster, ids.get(0), "PrepareCommit");
            awaitState(cluster, ids.get(1), "PrepareAbort");
            int deadCoordinator = coordinator.brokerId();
            TestUtils.waitForCondition(() -> {
                for (int p = 0; p < 3; p++) {
                    TopicPartition tp = new TopicPartition("data", p);
                    if (PartitionBatches.read(TransactionsIT.leaderOf(cluster, tp), tp).markers().size() < 2) {
                        return false;
                    }
                }
                return true;
            }, WAIT, () -> "the markers of the partitions that have a leader");

            cluster.killBroker(deadCoordinator);
            cluster.startBroker(isolatedBroker);

            awaitState(cluster, ids.get(0), "CompleteCommit");
            awaitState(cluster, ids.get(1), "CompleteAbort");
            assertNotEquals(deadCoordinator, coordinatorOf(cluster, ids.get(0)).brokerId());
            assertTrue(describe(cluster, ids.get(0)).topics().isEmpty(), "nothing left to mark");

            Set<String> committed = new TreeSet<>();
            List<TopicPartition> all = List.of(new TopicPartition("data", 0), new TopicPartition("data", 1),
                new TopicPartition("data", 2), new TopicPartition("isolated", 0));
            for (TopicPartition tp : all) {
                TestUtils.waitForCondition(() -> PartitionBatches.read(TransactionsIT.leaderOf(cluster, tp), tp)
                    .allTransactionsEnded(), WAIT, () -> "both transactions to end on " + tp);
                PartitionBatches log = PartitionBatches.read(TransactionsIT.leaderOf(cluster, tp), tp);
                // the new coordinator sends every marker again (as Kafka's does): a partition that had its
                // markers may get a second one of the same kind, never one of the other kind
                Map<Long, Set<Boolean>> kinds = new HashMap<>();
                log.markers().forEach(m -> kinds.computeIfAbsent(m.producerId(), id -> new HashSet<>()).add(m.commitMarker()));
                assertEquals(2, kinds.size(), tp + ": a marker of each transaction: " + log.markers());
                kinds.forEach((producerId, seen) -> assertEquals(1, seen.size(),
                    tp + ": producer " + producerId + " got both a commit and an abort marker: " + log.markers()));
                committed.addAll(log.committedValues());
            }
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 30; i++) {
                expected.add("committed-" + i);
            }
            expected.add("committed-isolated");
            assertEquals(expected, committed, "the committed transaction whole, nothing of the aborted one");
            try (KafkaConsumer<String, String> readCommitted = TransactionsIT.consumer(cluster, "read_committed")) {
                List<String> read = TransactionsIT.readToLogEnd(cluster, readCommitted, all);
                assertEquals(expected.size(), read.size(), "a read_committed consumer reads it once: " + read);
                assertEquals(expected, new TreeSet<>(read));
            }
        }
    }
}
