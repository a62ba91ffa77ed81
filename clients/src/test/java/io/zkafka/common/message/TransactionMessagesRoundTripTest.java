package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transaction APIs survive the codec with every field, under Kafka's api keys. */
class TransactionMessagesRoundTripTest {

    @Test
    void shouldUseKafkasApiKeys() {
        assertEquals(24, ApiKeys.ADD_PARTITIONS_TO_TXN.id);
        assertEquals(25, ApiKeys.ADD_OFFSETS_TO_TXN.id);
        assertEquals(26, ApiKeys.END_TXN.id);
        assertEquals(28, ApiKeys.TXN_OFFSET_COMMIT.id);
        assertEquals(65, ApiKeys.DESCRIBE_TRANSACTIONS.id);
        assertEquals(66, ApiKeys.LIST_TRANSACTIONS.id);
        for (ApiKeys key : List.of(ApiKeys.ADD_PARTITIONS_TO_TXN, ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.END_TXN,
                ApiKeys.TXN_OFFSET_COMMIT, ApiKeys.DESCRIBE_TRANSACTIONS, ApiKeys.LIST_TRANSACTIONS)) {
            assertTrue(ProtocolRegistry.isBound(key), key + " is bound");
            assertEquals(key, ApiKeys.forId(key.id));
        }
    }

    @Test
    void shouldRoundTripAddPartitionsGroupedByTopic() {
        AddPartitionsToTxnRequest add = AddPartitionsToTxnRequest.of("txn-1", 4_000L, (short) 2, List.of(
            new TopicPartition("orders", 3), new TopicPartition("payments", 0), new TopicPartition("orders", 1)));
        assertEquals(2, add.topics().size());
        assertEquals(add, request(add));
        assertEquals(List.of(new TopicPartition("orders", 3), new TopicPartition("orders", 1),
            new TopicPartition("payments", 0)), add.partitions());

        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        errors.put(new TopicPartition("orders", 3), Errors.NONE);
        errors.put(new TopicPartition("missing", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        errors.put(new TopicPartition("orders", 1), Errors.OPERATION_NOT_ATTEMPTED);
        AddPartitionsToTxnResponse answer = AddPartitionsToTxnResponse.of(errors);
        assertEquals(answer, response(answer));
        assertEquals(errors.keySet(), answer.errors().keySet());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, answer.errors().get(new TopicPartition("missing", 0)));
    }

    @Test
    void shouldRoundTripAddOffsetsAndEndTxn() {
        AddOffsetsToTxnRequest add = new AddOffsetsToTxnRequest("txn-1", Long.MAX_VALUE, Short.MAX_VALUE, "billing");
        assertEquals(add, request(add));
        assertEquals(new AddOffsetsToTxnResponse(Errors.CONCURRENT_TRANSACTIONS),
            response(new AddOffsetsToTxnResponse(Errors.CONCURRENT_TRANSACTIONS)));
        EndTxnRequest commit = new EndTxnRequest("txn-1", 4_000L, (short) 0, true);
        EndTxnRequest abort = new EndTxnRequest(null, -1L, (short) -1, false);
        assertEquals(commit, request(commit));
        assertEquals(abort, request(abort));
        assertEquals(new EndTxnResponse(Errors.PRODUCER_FENCED), response(new EndTxnResponse(Errors.PRODUCER_FENCED)));
    }

    @Test
    void shouldRoundTripTxnOffsetCommit() {
        TxnOffsetCommitRequest commit = new TxnOffsetCommitRequest("txn-1", "billing", 4_000L, (short) 5, 12,
            "consumer-1-abc", "instance-a", List.of(new TxnOffsetCommitRequest.Topic("orders", List.of(
                new TxnOffsetCommitRequest.Partition(0, 17L, 3, "meta"),
                new TxnOffsetCommitRequest.Partition(5, 0L, -1, null)))));
        assertEquals(commit, request(commit));
        TxnOffsetCommitRequest outsideGroup = new TxnOffsetCommitRequest("t", "g", 1L, (short) 0, -1, "", null,
            List.of());
        assertEquals(outsideGroup, request(outsideGroup));
        TxnOffsetCommitResponse answer = TxnOffsetCommitResponse.of(Map.of(new TopicPartition("orders", 0),
            Errors.ILLEGAL_GENERATION));
        assertEquals(answer, response(answer));
    }

    @Test
    void shouldRoundTripDescribeAndListTransactions() {
        DescribeTransactionsRequest describe = new DescribeTransactionsRequest(List.of("a", "b"));
        assertEquals(describe, request(describe));
        DescribeTransactionsResponse described = new DescribeTransactionsResponse(List.of(
            new DescribeTransactionsResponse.TransactionState(Errors.NONE, "a", "Ongoing", 60_000, 1_700_000_000_000L,
                4_000L, (short) 3, List.of(new DescribeTransactionsResponse.Topic("orders", List.of(0, 2)))),
            DescribeTransactionsResponse.TransactionState.error("b", Errors.TRANSACTIONAL_ID_NOT_FOUND)));
        assertEquals(described, response(described));

        ListTransactionsRequest list = new ListTransactionsRequest(List.of("Ongoing"), List.of(4_000L, 5L), 60_000L);
        assertEquals(list, request(list));
        ListTransactionsResponse listed = new ListTransactionsResponse(Errors.NONE, List.of("Bogus"), List.of(
            new ListTransactionsResponse.TransactionListing("a", 4_000L, "Ongoing")));
        assertEquals(listed, response(listed));
    }

    @Test
    void shouldFindTransactionCoordinatorsWithKafkasKeyType() {
        FindCoordinatorRequest find = new FindCoordinatorRequest("txn-1", FindCoordinatorRequest.TRANSACTION_KEY_TYPE);
        assertEquals(1, FindCoordinatorRequest.TRANSACTION_KEY_TYPE);
        assertEquals(find, request(find));
    }
}
