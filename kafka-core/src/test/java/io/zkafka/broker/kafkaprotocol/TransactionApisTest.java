package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import io.zkafka.common.message.DescribeProducersRequest;
import io.zkafka.common.message.DescribeProducersResponse;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.security.KafkaPrincipal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

/**
 * Each transaction translator at every version it is advertised at: the Kafka request is encoded
 * and decoded at that version (so fields the version lacks come back as Kafka's defaults), the
 * native request it makes is checked, and the answer is encoded at that version and read back.
 */
class TransactionApisTest {
    private static final long PRODUCER_ID = 4_000L;
    private static final short EPOCH = 7;

    /** Serves one native API with a canned answer, keeping the native request it got. */
    private static final class NativeSide {
        final AtomicReference<Message> request = new AtomicReference<>();
        final RequestDispatcher dispatcher = new RequestDispatcher();

        NativeSide(io.zkafka.common.protocol.ApiKeys key, Message answer) {
            dispatcher.register(key, (context, nativeRequest) -> {
                request.set(nativeRequest);
                return CompletableFuture.completedFuture(answer);
            });
        }

        @SuppressWarnings("unchecked")
        <T extends Message> T got() {
            return (T) request.get();
        }
    }

    @Test
    void initProducerIdCarriesTheCurrentIdAndEpochFromVersion3AndFencesAsItsVersionKnows() throws Exception {
        for (short version = 0; version <= 4; version++) {
            InitProducerIdRequestData request = new InitProducerIdRequestData().setTransactionalId("t")
                .setTransactionTimeoutMs(30_000);
            if (version >= 3) {
                request.setProducerId(PRODUCER_ID).setProducerEpoch(EPOCH);
            }
            NativeSide side = new NativeSide(io.zkafka.common.protocol.ApiKeys.INIT_PRODUCER_ID,
                InitProducerIdResponse.error(Errors.PRODUCER_FENCED, "fenced"));
            InitProducerIdResponseData answer = serve(new InitProducerIdApi(), ApiKeys.INIT_PRODUCER_ID, version,
                request, side);
            InitProducerIdRequest sent = side.got();
            assertEquals(new InitProducerIdRequest("t", 30_000, version >= 3 ? PRODUCER_ID : -1,
                version >= 3 ? EPOCH : -1), sent, "v" + version);
            assertEquals(version < 4 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code(),
                answer.errorCode(), "v" + version);
            assertEquals(-1, answer.producerId());
        }
    }

    @Test
    void addPartitionsToTxnTranslatesTheClientsFormAtVersions0To3() throws Exception {
        for (short version = 0; version <= 3; version++) {
            AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
            topics.add(new AddPartitionsToTxnTopic().setName("a").setPartitions(List.of(0, 2)));
            topics.add(new AddPartitionsToTxnTopic().setName("b").setPartitions(List.of(1)));
            NativeSide side = new NativeSide(io.zkafka.common.protocol.ApiKeys.ADD_PARTITIONS_TO_TXN,
                new AddPartitionsToTxnResponse(List.of(
                    new AddPartitionsToTxnResponse.TopicResult("a", List.of(
                        new AddPartitionsToTxnResponse.PartitionResult(0, Errors.PRODUCER_FENCED),
                        new AddPartitionsToTxnResponse.PartitionResult(2, Errors.PRODUCER_FENCED))),
                    new AddPartitionsToTxnResponse.TopicResult("b", List.of(
                        new AddPartitionsToTxnResponse.PartitionResult(1, Errors.PRODUCER_FENCED))))));
            AddPartitionsToTxnResponseData answer = serve(new AddPartitionsToTxnApi(), ApiKeys.ADD_PARTITIONS_TO_TXN,
                version, new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId("t")
                    .setV3AndBelowProducerId(PRODUCER_ID).setV3AndBelowProducerEpoch(EPOCH)
                    .setV3AndBelowTopics(topics), side);
            assertEquals(new AddPartitionsToTxnRequest("t", PRODUCER_ID, EPOCH, List.of(
                new AddPartitionsToTxnRequest.Topic("a", List.of(0, 2)),
                new AddPartitionsToTxnRequest.Topic("b", List.of(1)))), side.got(), "v" + version);
            short fenced = version < 2 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code();
            assertEquals(fenced, answer.resultsByTopicV3AndBelow().find("a").resultsByPartition().find(2)
                .partitionErrorCode(), "v" + version);
            assertEquals(fenced, answer.resultsByTopicV3AndBelow().find("b").resultsByPartition().find(1)
                .partitionErrorCode(), "v" + version);
            assertEquals(2, answer.resultsByTopicV3AndBelow().find("a").resultsByPartition().size());
        }
    }

    @Test
    void addOffsetsToTxnAndEndTxnFenceAsTheirVersionKnows() throws Exception {
        for (short version = 0; version <= 3; version++) {
            short fenced = version < 2 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code();
            NativeSide offsets = new NativeSide(io.zkafka.common.protocol.ApiKeys.ADD_OFFSETS_TO_TXN,
                new AddOffsetsToTxnResponse(Errors.PRODUCER_FENCED));
            AddOffsetsToTxnResponseData added = serve(new AddOffsetsToTxnApi(), ApiKeys.ADD_OFFSETS_TO_TXN, version,
                new AddOffsetsToTxnRequestData().setTransactionalId("t").setProducerId(PRODUCER_ID)
                    .setProducerEpoch(EPOCH).setGroupId("g"), offsets);
            assertEquals(new AddOffsetsToTxnRequest("t", PRODUCER_ID, EPOCH, "g"), offsets.got());
            assertEquals(fenced, added.errorCode(), "AddOffsetsToTxn v" + version);

            NativeSide end = new NativeSide(io.zkafka.common.protocol.ApiKeys.END_TXN,
                new EndTxnResponse(Errors.PRODUCER_FENCED));
            EndTxnResponseData ended = serve(new EndTxnApi(), ApiKeys.END_TXN, version, new EndTxnRequestData()
                .setTransactionalId("t").setProducerId(PRODUCER_ID).setProducerEpoch(EPOCH).setCommitted(false), end);
            assertEquals(new EndTxnRequest("t", PRODUCER_ID, EPOCH, false), end.got());
            assertEquals(fenced, ended.errorCode(), "EndTxn v" + version);
        }
        NativeSide other = new NativeSide(io.zkafka.common.protocol.ApiKeys.END_TXN,
            new EndTxnResponse(Errors.CONCURRENT_TRANSACTIONS));
        EndTxnResponseData concurrent = serve(new EndTxnApi(), ApiKeys.END_TXN, (short) 0, new EndTxnRequestData()
            .setTransactionalId("t").setProducerId(PRODUCER_ID).setProducerEpoch(EPOCH).setCommitted(true), other);
        assertEquals(Errors.CONCURRENT_TRANSACTIONS.code(), concurrent.errorCode(), "other errors pass unchanged");
    }

    @Test
    void txnOffsetCommitGivesKafkasDefaultsForTheFieldsOldVersionsLack() throws Exception {
        for (short version = 0; version <= 3; version++) {
            TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId("t")
                .setGroupId("g").setProducerId(PRODUCER_ID).setProducerEpoch(EPOCH)
                .setTopics(List.of(new TxnOffsetCommitRequestTopic().setName("a").setPartitions(List.of(
                    new TxnOffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(42)
                        .setCommittedLeaderEpoch(5).setCommittedMetadata("m")))));
            if (version >= 3) {
                request.setGenerationId(3).setMemberId("member").setGroupInstanceId("instance");
            }
            NativeSide side = new NativeSide(io.zkafka.common.protocol.ApiKeys.TXN_OFFSET_COMMIT,
                new TxnOffsetCommitResponse(List.of(new TxnOffsetCommitResponse.Topic("a", List.of(
                    new TxnOffsetCommitResponse.PartitionResult(1, Errors.ILLEGAL_GENERATION))))));
            TxnOffsetCommitResponseData answer = serve(new TxnOffsetCommitApi(), ApiKeys.TXN_OFFSET_COMMIT, version,
                request, side);
            TxnOffsetCommitRequest sent = side.got();
            assertEquals(new TxnOffsetCommitRequest("t", "g", PRODUCER_ID, EPOCH, version >= 3 ? 3 : -1,
                version >= 3 ? "member" : "", version >= 3 ? "instance" : null, List.of(new TxnOffsetCommitRequest.Topic(
                    "a", List.of(new TxnOffsetCommitRequest.Partition(1, 42, version >= 2 ? 5 : -1, "m"))))), sent,
                "v" + version);
            assertEquals("a", answer.topics().get(0).name());
            assertEquals(1, answer.topics().get(0).partitions().get(0).partitionIndex());
            assertEquals(Errors.ILLEGAL_GENERATION.code(), answer.topics().get(0).partitions().get(0).errorCode());
        }
    }

    @Test
    void listTransactionsHasNoDurationFilterAtVersion0() throws Exception {
        for (short version = 0; version <= 1; version++) {
            ListTransactionsRequestData request = new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing")).setProducerIdFilters(List.of(PRODUCER_ID));
            if (version >= 1) {
                request.setDurationFilter(5_000);
            }
            NativeSide side = new NativeSide(io.zkafka.common.protocol.ApiKeys.LIST_TRANSACTIONS,
                new ListTransactionsResponse(Errors.NONE, List.of("Nope"), List.of(
                    new ListTransactionsResponse.TransactionListing("t", PRODUCER_ID, "Ongoing"))));
            ListTransactionsResponseData answer = serve(new ListTransactionsApi(), ApiKeys.LIST_TRANSACTIONS, version,
                request, side);
            assertEquals(new ListTransactionsRequest(List.of("Ongoing"), List.of(PRODUCER_ID), version >= 1 ? 5_000 : -1),
                side.got(), "v" + version);
            assertEquals(List.of("Nope"), answer.unknownStateFilters());
            ListTransactionsResponseData.TransactionState listed = answer.transactionStates().get(0);
            assertEquals("t", listed.transactionalId());
            assertEquals(PRODUCER_ID, listed.producerId());
            assertEquals("Ongoing", listed.transactionState());
        }
    }

    @Test
    void describeTransactionsAndDescribeProducersCarryEveryField() throws Exception {
        NativeSide transactions = new NativeSide(io.zkafka.common.protocol.ApiKeys.DESCRIBE_TRANSACTIONS,
            new DescribeTransactionsResponse(List.of(
                new DescribeTransactionsResponse.TransactionState(Errors.NONE, "t", "Ongoing", 60_000, 1_000L,
                    PRODUCER_ID, EPOCH, List.of(new DescribeTransactionsResponse.Topic("a", List.of(0, 2)))),
                DescribeTransactionsResponse.TransactionState.error("u", Errors.TRANSACTIONAL_ID_NOT_FOUND))));
        DescribeTransactionsResponseData described = serve(new DescribeTransactionsApi(),
            ApiKeys.DESCRIBE_TRANSACTIONS, (short) 0,
            new DescribeTransactionsRequestData().setTransactionalIds(List.of("t", "u")), transactions);
        assertEquals(new DescribeTransactionsRequest(List.of("t", "u")), transactions.got());
        DescribeTransactionsResponseData.TransactionState open = described.transactionStates().get(0);
        assertEquals(List.of("t", "Ongoing", 60_000, 1_000L, PRODUCER_ID, EPOCH, List.of(0, 2)),
            List.of(open.transactionalId(), open.transactionState(), open.transactionTimeoutMs(),
                open.transactionStartTimeMs(), open.producerId(), open.producerEpoch(),
                open.topics().find("a").partitions()));
        assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND.code(), described.transactionStates().get(1).errorCode());

        NativeSide producers = new NativeSide(io.zkafka.common.protocol.ApiKeys.DESCRIBE_PRODUCERS,
            new DescribeProducersResponse(List.of(new DescribeProducersResponse.TopicResponse("a", List.of(
                new DescribeProducersResponse.PartitionResponse(0, Errors.NONE, null, List.of(
                    new DescribeProducersResponse.ProducerState(PRODUCER_ID, EPOCH, 9, 123L, 2, 17L))),
                DescribeProducersResponse.PartitionResponse.error(1, Errors.NOT_LEADER_OR_FOLLOWER, "not here"))))));
        DescribeProducersResponseData producerAnswer = serve(new DescribeProducersApi(), ApiKeys.DESCRIBE_PRODUCERS,
            (short) 0, new DescribeProducersRequestData().setTopics(List.of(new DescribeProducersRequestData.TopicRequest()
                .setName("a").setPartitionIndexes(List.of(0, 1)))), producers);
        assertEquals(new DescribeProducersRequest(List.of(new DescribeProducersRequest.TopicRequest("a", List.of(0, 1)))),
            producers.got());
        DescribeProducersResponseData.PartitionResponse p0 = producerAnswer.topics().get(0).partitions().get(0);
        assertNull(p0.errorMessage());
        DescribeProducersResponseData.ProducerState state = p0.activeProducers().get(0);
        assertEquals(List.of(PRODUCER_ID, (int) EPOCH, 9, 123L, 2, 17L), List.of(state.producerId(),
            state.producerEpoch(), state.lastSequence(), state.lastTimestamp(), state.coordinatorEpoch(),
            state.currentTxnStartOffset()));
        DescribeProducersResponseData.PartitionResponse p1 = producerAnswer.topics().get(0).partitions().get(1);
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), p1.errorCode());
        assertEquals("not here", p1.errorMessage());
    }

    @Test
    void writeTxnMarkersGroupsThePartitionResultsByTopic() throws Exception {
        for (short version = 0; version <= 1; version++) {
            NativeSide side = new NativeSide(io.zkafka.common.protocol.ApiKeys.WRITE_TXN_MARKERS,
                new WriteTxnMarkersResponse(List.of(new WriteTxnMarkersResponse.MarkerResult(PRODUCER_ID, List.of(
                    new WriteTxnMarkersResponse.PartitionError(new io.zkafka.common.TopicPartition("a", 0), Errors.NONE),
                    new WriteTxnMarkersResponse.PartitionError(new io.zkafka.common.TopicPartition("b", 3),
                        Errors.NOT_LEADER_OR_FOLLOWER),
                    new WriteTxnMarkersResponse.PartitionError(new io.zkafka.common.TopicPartition("a", 1),
                        Errors.NONE))))));
            WriteTxnMarkersResponseData answer = serve(new WriteTxnMarkersApi(), ApiKeys.WRITE_TXN_MARKERS, version,
                new WriteTxnMarkersRequestData().setMarkers(List.of(new WritableTxnMarker().setProducerId(PRODUCER_ID)
                    .setProducerEpoch(EPOCH).setTransactionResult(false).setCoordinatorEpoch(2).setTopics(List.of(
                        new WritableTxnMarkerTopic().setName("a").setPartitionIndexes(List.of(0, 1)),
                        new WritableTxnMarkerTopic().setName("b").setPartitionIndexes(List.of(3)))))), side);
            assertEquals(new WriteTxnMarkersRequest(List.of(new WriteTxnMarkersRequest.TxnMarker(PRODUCER_ID, EPOCH, false,
                2, List.of(new io.zkafka.common.TopicPartition("a", 0), new io.zkafka.common.TopicPartition("a", 1),
                    new io.zkafka.common.TopicPartition("b", 3))))), side.got(), "v" + version);
            WriteTxnMarkersResponseData.WritableTxnMarkerResult marker = answer.markers().get(0);
            assertEquals(PRODUCER_ID, marker.producerId());
            assertEquals(List.of("a", "b"), marker.topics().stream().map(t -> t.name()).toList());
            assertEquals(List.of(0, 1), marker.topics().get(0).partitions().stream()
                .map(p -> p.partitionIndex()).toList());
            assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), marker.topics().get(1).partitions().get(0).errorCode());
        }
    }

    /**
     * Encodes {@code body} at {@code version} and decodes it as the listener would, runs {@code api}
     * on it against {@code side}, and returns its answer as a client at that version would read it.
     */
    @SuppressWarnings("unchecked")
    private static <T extends ApiMessage> T serve(KafkaApi api, ApiKeys key, short version, ApiMessage body,
                                                  NativeSide side) throws Exception {
        ApiMessage decoded = key.messageType.newRequest();
        decoded.read(new ByteBufferAccessor(MessageUtil.toByteBuffer(body, version)), version);
        KafkaExchange exchange = new KafkaExchange(new KafkaRequest(key, version, 1, "test", decoded), "127.0.0.1:1",
            System.nanoTime(), new CompletableFuture<>(), KafkaPrincipal.ANONYMOUS, side.dispatcher);
        ApiMessage answer = (ApiMessage) api.handle(exchange).get();
        ByteBuffer encoded = MessageUtil.toByteBuffer(answer, version);
        ApiMessage read = key.messageType.newResponse();
        read.read(new ByteBufferAccessor(encoded), version);
        return (T) read;
    }
}
