package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

/**
 * Every translated answer encodes at every advertised version (Kafka's classes refuse to write a
 * field a version lacks) and reads back with Kafka's own classes.
 */
class AnswersAcrossVersionsTest {

    @Test
    void shouldEncodeListOffsetsAtEveryAdvertisedVersion() {
        ListOffsetsResponse answer = new ListOffsetsResponse(List.of(new ListOffsetsResponse.TopicResponse("t",
            List.of(new ListOffsetsResponse.PartitionResponse(0, Errors.NONE, 1234L, 42L, 7)))));
        for (short v = 1; v <= 6; v++) {
            ListOffsetsResponseData read = roundTrip(ApiKeys.LIST_OFFSETS, v, ListOffsetsApi.toKafka(answer, v),
                ListOffsetsResponseData::new);
            ListOffsetsResponseData.ListOffsetsPartitionResponse partition = read.topics().get(0).partitions().get(0);
            assertEquals(42L, partition.offset());
            assertEquals(v >= 4 ? 7 : -1, partition.leaderEpoch());
        }
    }

    @Test
    void shouldEncodeProduceAtEveryAdvertisedVersion() {
        ProduceResponse answer = new ProduceResponse(List.of(new ProduceResponse.TopicResponse("t", List.of(
            new ProduceResponse.PartitionResponse(0, Errors.NONE, 100L, -1L, 0L, null),
            ProduceResponse.PartitionResponse.error(1, Errors.NOT_LEADER_OR_FOLLOWER, "moved")))));
        for (short v = 3; v <= 10; v++) {
            ProduceResponseData read = roundTrip(ApiKeys.PRODUCE, v, ProduceApi.toKafka(answer, new ProduceResponseData()),
                ProduceResponseData::new);
            assertEquals(100L, read.responses().find("t").partitionResponses().get(0).baseOffset());
            assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), read.responses().find("t").partitionResponses().get(1).errorCode());
        }
    }

    @Test
    void shouldEncodeFetchWithItsRecordsAtEveryAdvertisedVersion() {
        byte[] batch = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        FetchResponse answer = new FetchResponse(Errors.NONE, List.of(new FetchResponse.FetchableTopic("t", List.of(
            new FetchResponse.PartitionData(0, Errors.NONE, 10L, 9L, 0L,
                List.of(new FetchResponse.AbortedTransaction(5L, 3L)), RecordsPayload.of(ByteBuffer.wrap(batch))),
            FetchResponse.PartitionData.error(1, Errors.OFFSET_OUT_OF_RANGE)))));
        Uuid id = Uuid.randomUuid();
        for (short v = 4; v <= 17; v++) {
            FetchResponseData read = roundTrip(ApiKeys.FETCH, v, FetchApi.toKafka(answer, Map.of("t", id)),
                FetchResponseData::new);
            assertEquals(v >= 13 ? id : Uuid.ZERO_UUID, read.responses().get(0).topicId(), "topic id from 13");
            assertEquals(v >= 13 ? "" : "t", read.responses().get(0).topic(), "topic name until 12");
            FetchResponseData.PartitionData partition = read.responses().get(0).partitions().get(0);
            assertEquals(10L, partition.highWatermark());
            assertEquals(9L, partition.lastStableOffset());
            assertEquals(5L, partition.abortedTransactions().get(0).producerId());
            assertEquals(batch.length, partition.records().sizeInBytes());
        }
    }

    private static <T extends ApiMessage> T roundTrip(ApiKeys key, short version, ApiMessage answer,
                                                      Supplier<T> reader) {
        List<Object> parts = new ArrayList<>();
        KafkaResponseWriter.write(key, version, 9, answer, UnpooledByteBufAllocator.DEFAULT, parts);
        ByteBuffer frame = ByteBuffer.allocate(1 << 16);
        for (Object part : parts) {
            ByteBuf buf = (ByteBuf) part;
            buf.readBytes(frame.limit(frame.position() + buf.readableBytes()));
            buf.release();
        }
        frame.limit(frame.position()).flip();
        assertEquals(frame.remaining() - 4, frame.getInt());
        assertEquals(9, ResponseHeader.parse(frame, key.responseHeaderVersion(version)).correlationId());
        T read = reader.get();
        read.read(new ByteBufferAccessor(frame), version);
        return read;
    }
}
