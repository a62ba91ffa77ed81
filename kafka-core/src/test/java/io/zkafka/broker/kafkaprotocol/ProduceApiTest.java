package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.metadata.MetadataCache;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

/**
 * Produce through the translator, from the request frame to the answer bytes: the native handler
 * gets the request as read (its batches views of the frame), a partition in an older record
 * format is refused here and left out, acks=0 answers nothing, and from version 10 a partition
 * refused for a wrong leader names the leader (KIP-951).
 */
class ProduceApiTest {

    @Test
    void shouldPassTheRequestAsReadAndWriteTheAnswerDirectly() throws Exception {
        for (short v = 3; v <= 10; v++) {
            NativeProduce side = new NativeProduce();
            Object answer = serve(v, request((short) 1, batch((byte) 2)), side);
            assertInstanceOf(ProduceAnswer.class, answer);
            ProduceRequest sent = side.request.get();
            assertEquals("t", sent.topics().get(0).name());
            assertEquals(0, sent.topics().get(0).partitions().get(0).partition());
            assertEquals(batch((byte) 2).length, sent.topics().get(0).partitions().get(0).records().sizeInBytes());
            ProduceResponseData read = decode(answer, v);
            assertEquals(42L, read.responses().find("t").partitionResponses().get(0).baseOffset());
        }
    }

    @Test
    void shouldRefuseAnOlderRecordFormatAndServeTheRest() throws Exception {
        for (short v = 3; v <= 10; v++) {
            NativeProduce side = new NativeProduce();
            ProduceRequestData request = request((short) -1, batch((byte) 2));
            request.topicData().find("t").partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(1)
                .setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(batch((byte) 1)))));
            ProduceResponseData read = decode(serve(v, request, side), v);
            ProduceRequest sent = side.request.get();
            assertEquals(1, sent.topics().get(0).partitions().size(), "only the v2 partition goes to the handler");
            List<ProduceResponseData.PartitionProduceResponse> partitions = read.responses().find("t").partitionResponses();
            assertEquals(2, partitions.size());
            ProduceResponseData.PartitionProduceResponse refused = partitions.get(0);
            assertEquals(1, refused.index());
            assertEquals(org.apache.kafka.common.protocol.Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT.code(), refused.errorCode());
            assertEquals(v >= 8 ? "only record batch format v2 (magic 2) is accepted, got magic 1" : null,
                refused.errorMessage());
            assertEquals(42L, partitions.get(1).baseOffset());
        }
    }

    @Test
    void shouldAnswerNothingAtAcksZero() throws Exception {
        NativeProduce side = new NativeProduce();
        assertNull(serve((short) 9, request((short) 0, batch((byte) 2)), side));
        assertSame((short) 0, side.request.get().acks());
    }

    @Test
    void shouldNameTheLeaderOfAPartitionRefusedForAWrongLeaderFromVersion10() throws Exception {
        for (short v = 3; v <= 10; v++) {
            NativeProduce side = new NativeProduce(Errors.NOT_LEADER_OR_FOLLOWER);
            side.metadata.onBrokerRegistered(new BrokerInfo(2, "10.0.0.2", 19093, "rack-b", 0L, 1L,
                Map.of("KAFKA", new BrokerInfo.Endpoint("KAFKA", "127.0.0.2", 9093))));
            side.metadata.onPartitionStateChanged(new PartitionState(new TopicPartition("t", 0),
                new LeaderAndIsr(2, 7, List.of(2), 1), 3));
            ProduceRequestData request = request((short) 1, batch((byte) 2));
            request.topicData().find("t").partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(1)
                .setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(batch((byte) 2)))));
            Object answer = serve(v, request, side);
            ProduceResponseData read = decode(answer, v);
            ProduceResponseData.PartitionProduceResponse known = read.responses().find("t").partitionResponses().get(0);
            ProduceResponseData.PartitionProduceResponse unknown = read.responses().find("t").partitionResponses().get(1);
            assertEquals(org.apache.kafka.common.protocol.Errors.NOT_LEADER_OR_FOLLOWER.code(), known.errorCode());
            if (v < 10) {
                assertInstanceOf(ProduceAnswer.class, answer, "written directly below version 10");
                assertEquals(-1, known.currentLeader().leaderId());
                assertTrue(read.nodeEndpoints().isEmpty());
                continue;
            }
            assertEquals(2, known.currentLeader().leaderId(), "the leader this broker knows");
            assertEquals(7, known.currentLeader().leaderEpoch());
            assertEquals(-1, unknown.currentLeader().leaderId(), "a partition without a known leader names none");
            assertEquals(1, read.nodeEndpoints().size());
            ProduceResponseData.NodeEndpoint endpoint = read.nodeEndpoints().find(2);
            assertEquals("127.0.0.2", endpoint.host(), "the leader's address on this listener, not its native one");
            assertEquals(9093, endpoint.port());
            assertEquals("rack-b", endpoint.rack());
        }
    }

    private static final class NativeProduce {
        final AtomicReference<ProduceRequest> request = new AtomicReference<>();
        final RequestDispatcher dispatcher = new RequestDispatcher();
        final MetadataCache metadata = new MetadataCache();

        NativeProduce() {
            this(Errors.NONE);
        }

        NativeProduce(Errors error) {
            dispatcher.register(io.zkafka.common.protocol.ApiKeys.PRODUCE, (context, nativeRequest) -> {
                ProduceRequest produce = (ProduceRequest) nativeRequest;
                request.set(produce);
                List<ProduceResponse.TopicResponse> topics = new ArrayList<>();
                for (ProduceRequest.TopicData topic : produce.topics()) {
                    topics.add(new ProduceResponse.TopicResponse(topic.name(), topic.partitions().stream()
                        .map(p -> error == Errors.NONE
                            ? new ProduceResponse.PartitionResponse(p.partition(), Errors.NONE, 42L, -1L, 0L, null)
                            : ProduceResponse.PartitionResponse.error(p.partition(), error, null))
                        .toList()));
                }
                return CompletableFuture.completedFuture(produce.acks() == 0 ? null : new ProduceResponse(topics));
            });
        }
    }

    /** A record batch header's first 17 bytes, enough for the magic byte at 16. */
    private static byte[] batch(byte magic) {
        byte[] bytes = new byte[61];
        bytes[16] = magic;
        return bytes;
    }

    private static ProduceRequestData request(short acks, byte[] batch) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(1000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("t");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
            .setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(batch))));
        request.topicData().add(topic);
        return request;
    }

    /** Encodes the request as a client would, reads it as the listener does and runs the translator. */
    private static Object serve(short version, ProduceRequestData body, NativeProduce side) throws Exception {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.PRODUCE.id)
            .setRequestApiVersion(version).setCorrelationId(5).setClientId("test");
        ByteBuffer frame = KafkaRequestFrames.encode(header, body, version);
        KafkaApis apis = new KafkaApis();
        ProduceApi api = new ProduceApi(new LeaderDiscovery(side.metadata, new ListenerAddresses("KAFKA", side.metadata)));
        apis.register(ApiKeys.PRODUCE, 3, 10, api);
        KafkaRequest request = new KafkaRequestReader(apis).read(frame);
        KafkaExchange exchange = new KafkaExchange(request, "127.0.0.1:1", System.nanoTime(), new CompletableFuture<>(),
            KafkaPrincipal.ANONYMOUS, side.dispatcher);
        return api.handle(exchange).get();
    }

    private static ProduceResponseData decode(Object answer, short version) {
        List<Object> parts = new ArrayList<>();
        if (answer instanceof DirectAnswer direct) {
            direct.write(version, 5, UnpooledByteBufAllocator.DEFAULT, parts);
        } else {
            KafkaResponseWriter.write(ApiKeys.PRODUCE, version, 5, (ProduceResponseData) answer,
                UnpooledByteBufAllocator.DEFAULT, parts);
        }
        ByteBuf frame = (ByteBuf) parts.get(0);
        assertEquals(1, parts.size());
        ByteBuffer bytes = ByteBuffer.allocate(frame.readableBytes());
        frame.readBytes(bytes);
        frame.release();
        bytes.flip();
        assertEquals(bytes.remaining() - 4, bytes.getInt());
        assertEquals(5, ResponseHeader.parse(bytes, ApiKeys.PRODUCE.responseHeaderVersion(version)).correlationId());
        ProduceResponseData read = new ProduceResponseData();
        read.read(new ByteBufferAccessor(bytes), version);
        return read;
    }
}
