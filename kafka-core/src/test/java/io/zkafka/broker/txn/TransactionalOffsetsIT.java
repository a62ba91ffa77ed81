package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TransactionsIT.WAIT;
import static io.zkafka.broker.txn.TransactionsIT.awaitState;
import static io.zkafka.broker.txn.TransactionsIT.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.ConsumerGroupMetadata;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.KafkaException;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Offsets committed in a transaction (sendOffsetsToTransaction) against real brokers: invisible to
 * the group until the transaction commits, gone when it aborts, and refused for a consumer the group
 * does not know.
 */
@Timeout(240)
class TransactionalOffsetsIT {
    private static final TopicPartition INPUT_0 = new TopicPartition("input", 0);

    private static Long committed(Admin admin, String group) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(INPUT_0);
            return offset == null ? null : offset.offset();
        } catch (Exception e) {
            throw new AssertionError("listing the offsets of " + group + " failed", e);
        }
    }

    /** OffsetFetch of input-0 as a read_committed consumer sends it (require_stable), to the group's coordinator. */
    private static OffsetFetchResponse.Partition stableFetch(ZKafkaCluster cluster, NetworkClient network, String group) {
        String any = cluster.bootstrapServers().split(",")[0];
        FindCoordinatorResponse found = network.<FindCoordinatorResponse>call(any,
            new FindCoordinatorRequest(group, FindCoordinatorRequest.GROUP_KEY_TYPE), 10_000).join();
        return network.<OffsetFetchResponse>call(found.host() + ":" + found.port(), new OffsetFetchRequest(group,
            List.of(new OffsetFetchRequest.Topic("input", List.of(0))), true), 10_000).join()
            .topics().get(0).partitions().get(0);
    }

    @Test
    void shouldMakeTheOffsetsVisibleOnlyWhenTheTransactionCommits() throws Exception {
        try (ZKafkaCluster cluster = TransactionsIT.cluster(1).build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
             NetworkClient network = new NetworkClient("offsets-it", 1 << 20, 5_000)) {
            TransactionsIT.createTopic(cluster, "input", 1, 1);
            TransactionsIT.createTopic(cluster, "output", 1, 1);
            try (KafkaProducer<String, String> producer = producer(cluster, "offsets", Map.of())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("output", 0, null, "transformed"));
                producer.sendOffsetsToTransaction(Map.of(INPUT_0, new OffsetAndMetadata(5)),
                    new ConsumerGroupMetadata("billing"));
                assertNull(committed(admin, "billing"), "not visible before the commit");
                assertEquals(Errors.UNSTABLE_OFFSET_COMMIT, stableFetch(cluster, network, "billing").error(),
                    "a read_committed consumer is told to wait");
                producer.commitTransaction();
                TestUtils.waitForCondition(() -> Long.valueOf(5).equals(committed(admin, "billing")), WAIT,
                    () -> "the offset to be committed with the transaction");
                assertEquals(5, stableFetch(cluster, network, "billing").offset());

                producer.beginTransaction();
                producer.sendOffsetsToTransaction(Map.of(INPUT_0, new OffsetAndMetadata(9)),
                    new ConsumerGroupMetadata("billing"));
                producer.abortTransaction();
            }
            awaitState(cluster, "offsets", "CompleteAbort");
            TestUtils.waitForCondition(() -> stableFetch(cluster, network, "billing").error() == Errors.NONE, WAIT,
                () -> "the aborted offsets to be dropped");
            assertEquals(5L, committed(admin, "billing"), "the aborted transaction's offset never became visible");
        }
    }

    @Test
    void shouldRefuseOffsetsFromAConsumerTheGroupDoesNotKnow() throws Exception {
        try (ZKafkaCluster cluster = TransactionsIT.cluster(1).build()) {
            TransactionsIT.createTopic(cluster, "input", 1, 1);
            try (KafkaProducer<String, String> producer = producer(cluster, "stale-member", Map.of())) {
                producer.initTransactions();
                producer.beginTransaction();
                KafkaException refused = assertThrows(KafkaException.class, () -> producer.sendOffsetsToTransaction(
                    Map.of(INPUT_0, new OffsetAndMetadata(3)), new ConsumerGroupMetadata("billing", 4, "gone-member",
                        Optional.empty())));
                assertEquals(CommitFailedException.class, refused.getClass(), String.valueOf(refused));
                assertThrows(KafkaException.class, producer::commitTransaction, "the transaction must be aborted");
                producer.abortTransaction();
            }
        }
    }
}
