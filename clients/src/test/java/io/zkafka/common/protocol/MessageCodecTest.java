package io.zkafka.common.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.ApiVersionsResponse;
import io.zkafka.common.message.BrokerNode;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.TopicResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final int MAX_FRAME = 1 << 20;

    private final MessageCodec sender = new MessageCodec();
    private final MessageCodec receiver = new MessageCodec();

    /** Encodes, concatenates the parts as the socket would, and strips the frame through FrameDecoder. */
    private ByteBuf frameOf(List<Object> parts) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        for (Object part : parts) {
            channel.writeInbound(part);
        }
        ByteBuf frame = channel.readInbound();
        assertNull(channel.readInbound(), "exactly one frame");
        assertFalse(channel.finish());
        return frame;
    }

    private ReceivedMessage roundTripRequest(Message body) {
        return roundTripRequest(body, (short) 0);
    }

    private ReceivedMessage roundTripRequest(Message body, short version) {
        List<Object> parts = new ArrayList<>();
        sender.encodeRequest(new RequestHeader(body.apiKey(), version, 42, "client-1"), body,
            ByteBufAllocator.DEFAULT, parts);
        return receiver.decodeRequest(frameOf(parts));
    }

    @Test
    void shouldCarryTheReplicaEpochOfAFetchFromVersionOneOnly() {
        FetchRequest follower = new FetchRequest(3, 4_294_967_321L, 500, 1, 1 << 20, List.of(
            new FetchRequest.FetchTopic("t", List.of(new FetchRequest.FetchPartition(0, 5, 10L, 0L, 1 << 20)))));

        ReceivedMessage v1 = roundTripRequest(follower, (short) 1);
        ReceivedMessage v0 = roundTripRequest(follower, (short) 0);

        assertEquals(follower, v1.body());
        assertEquals(FetchRequest.UNKNOWN_REPLICA_EPOCH, ((FetchRequest) v0.body()).replicaEpoch(),
            "version 0 has no replica epoch");
        assertEquals(follower.topics(), ((FetchRequest) v0.body()).topics());
        assertEquals(2, ApiKeys.FETCH.latestVersion);
        v1.release();
        v0.release();
    }

    @Test
    void shouldCarryTheTransactionalIdOfAProduceFromVersionOneOnly() {
        ProduceRequest transactional = new ProduceRequest((short) -1, 30_000, List.of(new ProduceRequest.TopicData("t",
            List.of(new ProduceRequest.PartitionData(0, RecordsPayload.of(ByteBuffer.wrap(new byte[] {1, 2, 3})))))),
            "tx-1");

        ReceivedMessage v1 = roundTripRequest(transactional, (short) 1);
        ReceivedMessage v0 = roundTripRequest(transactional, (short) 0);

        assertEquals("tx-1", ((ProduceRequest) v1.body()).transactionalId());
        assertEquals(null, ((ProduceRequest) v0.body()).transactionalId(), "version 0 has no transactional id");
        assertArrayEquals(new byte[] {1, 2, 3},
            bytes(((ProduceRequest) v0.body()).topics().get(0).partitions().get(0).records().buffer()));
        assertEquals(1, ApiKeys.PRODUCE.latestVersion);
        v1.release();
        v0.release();
    }

    private ReceivedMessage roundTripResponse(Message body, boolean copyRecords) {
        List<Object> parts = new ArrayList<>();
        sender.encodeResponse(7, body.apiKey().latestVersion, body, ByteBufAllocator.DEFAULT, parts);
        return receiver.decodeResponse(frameOf(parts), copyRecords);
    }

    @Test
    void shouldCarryProduceRecordsAfterTheKryoPartWithoutCopying() {
        byte[] first = "first batch bytes".getBytes(StandardCharsets.UTF_8);
        byte[] second = new byte[5000];
        new Random(1).nextBytes(second);
        ProduceRequest request = new ProduceRequest((short) -1, 30_000, List.of(
            new ProduceRequest.TopicData("orders", List.of(
                new ProduceRequest.PartitionData(0, RecordsPayload.of(ByteBuffer.wrap(first))),
                new ProduceRequest.PartitionData(3, RecordsPayload.of(ByteBuffer.wrap(second)))))));

        ReceivedMessage received = roundTripRequest(request);

        assertEquals(ApiKeys.PRODUCE, received.header().apiKey());
        assertEquals(42, received.correlationId());
        assertEquals("client-1", received.header().clientId());
        ProduceRequest decoded = (ProduceRequest) received.body();
        assertEquals(-1, decoded.acks());
        assertEquals(30_000, decoded.timeoutMs());
        assertEquals(3, decoded.topics().get(0).partitions().get(1).partition());
        assertArrayEquals(first, bytes(decoded.topics().get(0).partitions().get(0).records().buffer()));
        assertArrayEquals(second, bytes(decoded.topics().get(0).partitions().get(1).records().buffer()));
        received.release();
        assertTrue(received.isReleased());
    }

    @Test
    void shouldCopyFetchRecordsOutOfTheFrameWhenAsked() {
        byte[] records = new byte[300];
        new Random(2).nextBytes(records);
        FetchResponse response = new FetchResponse(Errors.NONE, List.of(new FetchResponse.FetchableTopic("t", List.of(
            new FetchResponse.PartitionData(0, Errors.NONE, 100, 0, RecordsPayload.of(ByteBuffer.wrap(records))),
            FetchResponse.PartitionData.error(1, Errors.NOT_LEADER_OR_FOLLOWER)))));

        ReceivedMessage received = roundTripResponse(response, true);

        assertTrue(received.isReleased(), "copying responses hold no frame");
        FetchResponse decoded = (FetchResponse) received.body();
        assertEquals(7, received.correlationId());
        assertArrayEquals(records, bytes(decoded.topics().get(0).partitions().get(0).records().buffer()));
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, decoded.topics().get(0).partitions().get(1).error());
        assertEquals(0, decoded.topics().get(0).partitions().get(1).records().sizeInBytes());
    }

    @Test
    void shouldRoundTripEveryOtherMessageUnchanged() {
        List<Message> requests = List.of(
            new MetadataRequest(List.of("a", "b"), true),
            MetadataRequest.allTopics(),
            new FetchRequest(-1, 500, 1, 50 << 20, List.of(new FetchRequest.FetchTopic("t",
                List.of(new FetchRequest.FetchPartition(2, 5, 1234L, 0L, 1 << 20))))),
            new ListOffsetsRequest(-1, List.of(new ListOffsetsRequest.ListOffsetsTopic("t",
                List.of(new ListOffsetsRequest.ListOffsetsPartition(0, ListOffsetsRequest.EARLIEST_TIMESTAMP))))),
            new CreateTopicsRequest(List.of(new CreateTopicsRequest.CreatableTopic("t", 12, (short) 1, null,
                Map.of("retention.ms", "1000"))), 30_000, false),
            new AlterConfigsRequest(List.of(new AlterConfigsRequest.AlterResource((byte) 2, "t",
                List.of(new AlterConfigsRequest.AlterOp("retention.ms", AlterConfigsRequest.DELETE, null)))), false));
        for (Message request : requests) {
            ReceivedMessage received = roundTripRequest(request);
            assertEquals(request, received.body(), request.apiKey().name());
            received.release();
        }
        List<Message> responses = List.of(
            ApiVersionsResponse.ofThisBuild(),
            new MetadataResponse(List.of(new BrokerNode(1, "127.0.0.1", 9092, null)), "cid", 1,
                List.of(new MetadataResponse.TopicMetadata(Errors.NONE, "t", false, List.of(
                    new MetadataResponse.PartitionMetadata(Errors.NONE, 0, 1, 0, List.of(1), List.of(1), List.of())),
                    io.zkafka.common.Uuid.random()))),
            new ProduceResponse(List.of(new ProduceResponse.TopicResponse("t", List.of(
                new ProduceResponse.PartitionResponse(0, Errors.NONE, 10, -1, 0, null))))),
            new io.zkafka.common.message.CreateTopicsResponse(List.of(TopicResult.ok("t"),
                new TopicResult("u", Errors.TOPIC_ALREADY_EXISTS, "Topic 'u' already exists."))),
            new DescribeConfigsResponse(List.of(new DescribeConfigsResponse.ResourceConfigs((byte) 2, "t", Errors.NONE,
                null, List.of(new DescribeConfigsResponse.ConfigEntry("retention.ms", "1000", false, false))))));
        for (Message response : responses) {
            assertEquals(response, roundTripResponse(response, true).body(), response.apiKey().name());
        }
    }

    @Test
    void shouldRefuseAFrameClaimingTwoGibibytesBeforeBufferingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        ByteBuf claim = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(new byte[100]);
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(claim));
        assertEquals(0, claim.refCnt());
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseANegativeFrameLength() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        ByteBuf claim = Unpooled.buffer().writeInt(-5).writeBytes(new byte[10]);
        assertThrows(DecoderException.class, () -> channel.writeInbound(claim));
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRejectAnUnknownApiKey() {
        ByteBuf frame = Unpooled.buffer().writeShortLE(999).writeShortLE(0).writeIntLE(1).writeByte(0);
        assertThrows(MalformedMessageException.class, () -> receiver.decodeRequest(frame));
        assertEquals(0, frame.refCnt());
    }

    @Test
    void shouldRejectAnUnregisteredKryoClassId() {
        // header for METADATA v0 (Kryo writes fixed-width fields little-endian), then class id 500 + 2
        ByteBuf frame = Unpooled.buffer().writeShortLE(3).writeShortLE(0).writeIntLE(1).writeByte(0)
            .writeByte(0xF5).writeByte(0x03);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> receiver.decodeRequest(frame));
        assertTrue(e.getMessage().contains("nregistered"), e.getMessage());
        assertEquals(0, frame.refCnt());
    }

    @Test
    void shouldRejectARegisteredClassThatDoesNotMatchTheApiKey() {
        List<Object> parts = new ArrayList<>();
        sender.encodeRequest(new RequestHeader(ApiKeys.PRODUCE, (short) 0, 1, "c"), MetadataRequest.allTopics(),
            ByteBufAllocator.DEFAULT, parts);
        assertThrows(MalformedMessageException.class, () -> receiver.decodeRequest(frameOf(parts)));
    }

    @Test
    void shouldRejectTruncatedAndLyingFramesWithoutLargeAllocations() {
        List<Object> parts = new ArrayList<>();
        sender.encodeRequest(new RequestHeader(ApiKeys.METADATA, (short) 0, 1, "client"),
            new MetadataRequest(List.of("topic-a", "topic-b"), false), ByteBufAllocator.DEFAULT, parts);
        ByteBuf whole = frameOf(parts);
        byte[] bytes = bytes(whole.nioBuffer());
        whole.release();
        for (int cut = 1; cut < bytes.length; cut++) {
            ByteBuf truncated = Unpooled.wrappedBuffer(bytes, 0, cut);
            assertThrows(MalformedMessageException.class, () -> receiver.decodeRequest(truncated), "cut at " + cut);
            assertEquals(0, truncated.refCnt());
        }
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = bytes.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            ByteBuf frame = Unpooled.wrappedBuffer(mutated);
            try {
                receiver.decodeRequest(frame).release();
            } catch (MalformedMessageException expected) {
                assertEquals(0, frame.refCnt());
            }
        }
    }

    @Test
    void shouldRejectRecordsThatRunPastTheFrame() {
        ProduceRequest request = new ProduceRequest((short) 1, 1000, List.of(new ProduceRequest.TopicData("t",
            List.of(new ProduceRequest.PartitionData(0, RecordsPayload.of(ByteBuffer.wrap(new byte[64])))))));
        List<Object> parts = new ArrayList<>();
        sender.encodeRequest(new RequestHeader(ApiKeys.PRODUCE, (short) 0, 1, "c"), request,
            ByteBufAllocator.DEFAULT, parts);
        ByteBuf whole = frameOf(parts);
        ByteBuf short10 = whole.retainedSlice(0, whole.readableBytes() - 10);
        whole.release();
        assertThrows(MalformedMessageException.class, () -> receiver.decodeRequest(short10));
        assertEquals(0, short10.refCnt());
    }

    @Test
    void shouldSendSmallFileRecordsInTheFramesOneBufferAndLargerOnesFromTheFile() throws IOException {
        byte[] segment = new byte[3 * RecordsPayload.COPY_FILE_BYTES_UP_TO];
        new Random(3).nextBytes(segment);
        Path file = Files.createTempFile("segment", ".log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(segment));
            int small = RecordsPayload.COPY_FILE_BYTES_UP_TO / 2;
            int large = RecordsPayload.COPY_FILE_BYTES_UP_TO + 1;
            for (int[] sizes : new int[][] {{small, small}, {small, large - small}}) {
                FetchResponse answer = new FetchResponse(Errors.NONE, List.of(new FetchResponse.FetchableTopic("t",
                    List.of(partitionFromFile(0, channel, 10, sizes[0]), partitionFromFile(1, channel, 20_000, sizes[1])))));
                List<Object> parts = new ArrayList<>();
                sender.encodeResponse(7, ApiKeys.FETCH.latestVersion, answer, ByteBufAllocator.DEFAULT, parts);

                boolean copied = sizes[0] + sizes[1] <= RecordsPayload.COPY_FILE_BYTES_UP_TO;
                assertEquals(copied ? 1 : 3, parts.size(), "one buffer, or a head and a region per slice");
                assertEquals(copied, parts.stream().noneMatch(part -> part instanceof FileRegion));
                ReceivedMessage received = receiver.decodeResponse(frameOf(inMemory(parts)), true);
                List<FetchResponse.PartitionData> partitions = ((FetchResponse) received.body()).topics().get(0).partitions();
                assertArrayEquals(Arrays.copyOfRange(segment, 10, 10 + sizes[0]), bytes(partitions.get(0).records().buffer()));
                assertArrayEquals(Arrays.copyOfRange(segment, 20_000, 20_000 + sizes[1]),
                    bytes(partitions.get(1).records().buffer()));
                received.release();
            }
        } finally {
            Files.delete(file);
        }
    }

    private static FetchResponse.PartitionData partitionFromFile(int partition, FileChannel file, long position, int size) {
        return new FetchResponse.PartitionData(partition, Errors.NONE, 100L, 100L, 0L, List.of(),
            RecordsPayload.ofFile(file, position, size));
    }

    /** The parts as the socket carries them: file regions read into buffers. */
    private static List<Object> inMemory(List<Object> parts) throws IOException {
        List<Object> buffers = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof FileRegion region) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                region.transferTo(Channels.newChannel(bytes), 0);
                region.release();
                buffers.add(Unpooled.wrappedBuffer(bytes.toByteArray()));
            } else {
                buffers.add(part);
            }
        }
        return buffers;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
