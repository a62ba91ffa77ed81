package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.ProduceResponse.PartitionResponse;
import io.zkafka.common.message.ProduceResponse.TopicResponse;
import io.zkafka.common.protocol.Errors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

/** The Produce answer written directly is byte for byte what Kafka's generated classes write, at every version. */
class ProduceAnswerTest {
    private static final int CORRELATION_ID = 77;

    @Test
    void shouldWriteWhatKafkasClassesWriteAtEveryAdvertisedVersion() {
        List<ProduceResponse> answers = List.of(
            new ProduceResponse(List.of(new TopicResponse("t", List.of(
                new PartitionResponse(0, Errors.NONE, 100L, -1L, 0L, null))))),
            new ProduceResponse(List.of(
                new TopicResponse("orders", List.of(
                    new PartitionResponse(3, Errors.NONE, 1L << 40, 1_700_000_000_000L, 12L, null),
                    PartitionResponse.error(1, Errors.NOT_LEADER_OR_FOLLOWER, "moved to broker 2"),
                    PartitionResponse.error(2, Errors.CORRUPT_MESSAGE, "CRC mismatch in batch 0: é ü"))),
                new TopicResponse("a-much-longer-topic-name.with_all.allowed-chars", List.of(
                    PartitionResponse.error(0, Errors.UNKNOWN_TOPIC_OR_PARTITION, null))))),
            new ProduceResponse(List.of()));
        for (ProduceResponse answer : answers) {
            for (short v = 3; v <= 10; v++) {
                short version = v;
                byte[] expected = frame(parts -> KafkaResponseWriter.write(ApiKeys.PRODUCE, version, CORRELATION_ID,
                    ProduceApi.toKafka(answer, new ProduceResponseData()), UnpooledByteBufAllocator.DEFAULT, parts));
                byte[] direct = frame(parts -> new ProduceAnswer(answer).write(version, CORRELATION_ID,
                    UnpooledByteBufAllocator.DEFAULT, parts));
                assertArrayEquals(expected, direct, "produce answer at version " + v + ": " + answer);

                byte[] throttledExpected = frame(parts -> KafkaResponseWriter.write(ApiKeys.PRODUCE, version,
                    CORRELATION_ID, ProduceApi.toKafka(answer, new ProduceResponseData()).setThrottleTimeMs(750),
                    UnpooledByteBufAllocator.DEFAULT, parts));
                byte[] throttled = frame(parts -> {
                    ProduceAnswer quotaAnswer = new ProduceAnswer(answer);
                    quotaAnswer.throttle(750);
                    quotaAnswer.write(version, CORRELATION_ID, UnpooledByteBufAllocator.DEFAULT, parts);
                });
                assertArrayEquals(throttledExpected, throttled, "throttled produce answer at version " + v);
            }
        }
    }

    @Test
    void shouldBeReadByKafkasClasses() {
        ProduceResponse answer = new ProduceResponse(List.of(new TopicResponse("t", List.of(
            new PartitionResponse(0, Errors.NONE, 100L, 5L, 7L, null),
            PartitionResponse.error(1, Errors.NOT_LEADER_OR_FOLLOWER, "moved")))));
        for (short v = 3; v <= 10; v++) {
            short version = v;
            ByteBuffer frame = ByteBuffer.wrap(frame(parts -> new ProduceAnswer(answer).write(version, CORRELATION_ID,
                UnpooledByteBufAllocator.DEFAULT, parts)));
            assertEquals(frame.remaining() - 4, frame.getInt());
            assertEquals(CORRELATION_ID, ResponseHeader.parse(frame, ApiKeys.PRODUCE.responseHeaderVersion(version))
                .correlationId());
            ProduceResponseData read = new ProduceResponseData();
            read.read(new ByteBufferAccessor(frame), version);
            assertFalse(frame.hasRemaining());
            ProduceResponseData.PartitionProduceResponse ok = read.responses().find("t").partitionResponses().get(0);
            assertEquals(100L, ok.baseOffset());
            assertEquals(5L, ok.logAppendTimeMs());
            assertEquals(v >= 5 ? 7L : -1L, ok.logStartOffset());
            assertNull(ok.errorMessage());
            ProduceResponseData.PartitionProduceResponse moved = read.responses().find("t").partitionResponses().get(1);
            assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), moved.errorCode());
            assertEquals(v >= 8 ? "moved" : null, moved.errorMessage());
        }
    }

    @Test
    void shouldLeaveATopicNamedTwiceToKafkasClasses() {
        TopicResponse once = new TopicResponse("t", List.of(new PartitionResponse(0, Errors.NONE, 1L, -1L, 0L, null)));
        TopicResponse other = new TopicResponse("u", List.of(new PartitionResponse(0, Errors.NONE, 1L, -1L, 0L, null)));
        assertTrue(ProduceAnswer.canWrite(new ProduceResponse(List.of(once, other))));
        assertFalse(ProduceAnswer.canWrite(new ProduceResponse(List.of(once, other, once))));
    }

    private interface Encoder {
        void encode(List<Object> parts);
    }

    private static byte[] frame(Encoder encoder) {
        List<Object> parts = new ArrayList<>();
        encoder.encode(parts);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object part : parts) {
            ByteBuf buf = (ByteBuf) part;
            byte[] chunk = new byte[buf.readableBytes()];
            buf.readBytes(chunk);
            buf.release();
            bytes.writeBytes(chunk);
        }
        return bytes.toByteArray();
    }
}
