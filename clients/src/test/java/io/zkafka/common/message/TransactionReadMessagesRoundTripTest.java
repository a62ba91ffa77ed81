package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.IsolationLevel;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import io.zkafka.common.protocol.RecordsPayload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The read side of transactions on the wire: the isolation level in Fetch (version 2; below it reads
 * as read_uncommitted) and ListOffsets (version 1), the last stable offset and aborted transactions in
 * fetch answers (version 2), and DescribeProducers under Kafka's api key.
 */
class TransactionReadMessagesRoundTripTest {
    private static final short V0 = 0;
    private static final short V1 = 1;
    private static final short V2 = 2;

    private static FetchRequest fetch(IsolationLevel isolation) {
        return new FetchRequest(-1, 500, 1, 50 << 20, isolation, List.of(new FetchRequest.FetchTopic("t",
            List.of(new FetchRequest.FetchPartition(2, 5, 1234L, 0L, 1 << 20)))));
    }

    @Test
    void shouldUseKafkasIdsAndNames() {
        assertEquals(0, IsolationLevel.READ_UNCOMMITTED.id);
        assertEquals(1, IsolationLevel.READ_COMMITTED.id);
        assertEquals("read_committed", IsolationLevel.READ_COMMITTED.toString());
        assertEquals(IsolationLevel.READ_COMMITTED, IsolationLevel.forConfig("READ_COMMITTED"));
        assertThrows(IllegalArgumentException.class, () -> IsolationLevel.forId((byte) 2));
        assertEquals(61, ApiKeys.DESCRIBE_PRODUCERS.id);
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DESCRIBE_PRODUCERS));
        assertEquals(2, ApiKeys.FETCH.latestVersion);
        assertEquals(0, ApiKeys.FETCH.oldestVersion);
        assertEquals(1, ApiKeys.LIST_OFFSETS.latestVersion);
    }

    @Test
    void shouldCarryTheIsolationLevelOfAFetchFromVersionTwoOn() {
        assertEquals(fetch(IsolationLevel.READ_COMMITTED), request(fetch(IsolationLevel.READ_COMMITTED), V2));
        assertEquals(fetch(IsolationLevel.READ_UNCOMMITTED), request(fetch(IsolationLevel.READ_COMMITTED), V1),
            "version 1 has no isolation level: read_uncommitted");
        assertEquals(fetch(IsolationLevel.READ_UNCOMMITTED), request(fetch(IsolationLevel.READ_COMMITTED), V0),
            "version 0 has no isolation level: read_uncommitted");
        ListOffsetsRequest latest = new ListOffsetsRequest(-1, IsolationLevel.READ_COMMITTED, List.of(
            new ListOffsetsRequest.ListOffsetsTopic("t", List.of(new ListOffsetsRequest.ListOffsetsPartition(0,
                ListOffsetsRequest.LATEST_TIMESTAMP)))));
        assertEquals(latest, request(latest, V1));
        assertEquals(IsolationLevel.READ_UNCOMMITTED, request(latest, V0).isolationLevel());
    }

    @Test
    void shouldCarryBothTheReplicaEpochAndTheIsolationLevelAtVersionTwo() {
        FetchRequest both = new FetchRequest(3, 4_294_967_321L, 500, 1, 1 << 20, IsolationLevel.READ_COMMITTED,
            List.of(new FetchRequest.FetchTopic("t", List.of(new FetchRequest.FetchPartition(0, 5, 10L, 0L, 1 << 20)))));

        assertEquals(both, request(both, V2));
        FetchRequest v1 = request(both, V1);
        assertEquals(4_294_967_321L, v1.replicaEpoch(), "version 1 carries the replica epoch");
        assertEquals(IsolationLevel.READ_UNCOMMITTED, v1.isolationLevel());
        assertEquals(both.topics(), v1.topics());
    }

    @Test
    void shouldCarryTheLastStableOffsetAndAbortedTransactionsFromVersionTwoOn() {
        FetchResponse.PartitionData committed = new FetchResponse.PartitionData(0, Errors.NONE, 100, 90, 3,
            List.of(new FetchResponse.AbortedTransaction(7_000L, 12), new FetchResponse.AbortedTransaction(8_000L, 40)),
            RecordsPayload.EMPTY);
        FetchResponse.PartitionData uncommitted = new FetchResponse.PartitionData(1, Errors.NONE, 100, 90, 3, null,
            RecordsPayload.EMPTY);
        FetchResponse answer = new FetchResponse(Errors.NONE, List.of(new FetchResponse.FetchableTopic("t",
            List.of(committed, uncommitted, FetchResponse.PartitionData.error(2, Errors.NOT_LEADER_OR_FOLLOWER)))));

        List<FetchResponse.PartitionData> v2 = response(answer, V2).topics().get(0).partitions();
        assertEquals(90, v2.get(0).lastStableOffset());
        assertEquals(committed.abortedTransactions(), v2.get(0).abortedTransactions());
        assertNull(v2.get(1).abortedTransactions(), "no list for a read_uncommitted fetch");
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, v2.get(2).error());

        for (short version : new short[] {V0, V1}) {
            List<FetchResponse.PartitionData> old = response(answer, version).topics().get(0).partitions();
            assertEquals(-1, old.get(0).lastStableOffset(), "version " + version);
            assertNull(old.get(0).abortedTransactions());
            assertEquals(100, old.get(0).highWatermark());
            assertEquals(3, old.get(0).logStartOffset());
        }
    }

    @Test
    void shouldRoundTripDescribeProducers() {
        DescribeProducersRequest ask = new DescribeProducersRequest(List.of(
            new DescribeProducersRequest.TopicRequest("orders", List.of(0, 2)),
            new DescribeProducersRequest.TopicRequest("payments", List.of())));
        assertEquals(ask, request(ask));
        DescribeProducersResponse answer = new DescribeProducersResponse(List.of(new DescribeProducersResponse.TopicResponse(
            "orders", List.of(
                new DescribeProducersResponse.PartitionResponse(0, Errors.NONE, null, List.of(
                    new DescribeProducersResponse.ProducerState(4_000L, 3, 41, 1_700_000_000_000L, 7, 120L),
                    new DescribeProducersResponse.ProducerState(4_001L, 0, -1, 1L, -1, -1L))),
                DescribeProducersResponse.PartitionResponse.error(2, Errors.NOT_LEADER_OR_FOLLOWER,
                    "Broker 1 does not host orders-2")))));
        assertEquals(answer, response(answer));
    }
}
