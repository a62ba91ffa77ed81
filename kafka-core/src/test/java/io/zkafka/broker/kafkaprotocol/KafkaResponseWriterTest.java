package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.FileRegion;
import io.zkafka.common.protocol.RecordsPayload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetch answer's records from a segment file: up to {@link RecordsPayload#COPY_FILE_BYTES_UP_TO} they
 * are copied into the frame's one buffer; above it they go as a file region between the frame's own
 * bytes. Either way the frame reads back, with Kafka's classes, to the file's bytes.
 */
@Timeout(30)
class KafkaResponseWriterTest {
    private static final short VERSION = 12;
    private static final int START = 100;

    @TempDir
    Path dir;

    @Test
    void shouldCopySmallRecordsIntoTheFramesOneBuffer() throws IOException {
        byte[] segment = segmentBytes(RecordsPayload.COPY_FILE_BYTES_UP_TO + START);
        try (FileChannel file = open(segment)) {
            List<Object> parts = write(file, RecordsPayload.COPY_FILE_BYTES_UP_TO);
            assertEquals(1, parts.size(), "one buffer: one write, one segment on the wire");
            assertInstanceOf(ByteBuf.class, parts.get(0));
            assertArrayEquals(slice(segment, RecordsPayload.COPY_FILE_BYTES_UP_TO), readRecords(frameOf(parts)));
        }
    }

    @Test
    void shouldSendLargerRecordsFromTheFileBetweenTheFramesOwnBytes() throws IOException {
        int size = RecordsPayload.COPY_FILE_BYTES_UP_TO + 1;
        byte[] segment = segmentBytes(size + START);
        try (FileChannel file = open(segment)) {
            List<Object> parts = write(file, size);
            assertEquals(3, parts.size(), "own bytes, the file's slice, own bytes");
            FileRegion region = assertInstanceOf(FileRegion.class, parts.get(1));
            assertEquals(START, region.position());
            assertEquals(size, region.count());
            assertArrayEquals(slice(segment, size), readRecords(frameOf(parts)));
            assertTrue(file.isOpen(), "the segment owns its file");
        }
    }

    @Test
    void shouldFailAndKeepNoBufferWhenTheFileEndsBeforeTheRecords() throws IOException {
        byte[] segment = segmentBytes(START + 10);
        try (FileChannel file = open(segment)) {
            List<Object> parts = new ArrayList<>();
            UncheckedIOException failure = assertThrows(UncheckedIOException.class,
                () -> KafkaResponseWriter.write(ApiKeys.FETCH, VERSION, 7, answer(file, 20),
                    UnpooledByteBufAllocator.DEFAULT, parts));
            assertTrue(failure.getCause().getMessage().contains("10 bytes before"),
                failure.getCause().getMessage());
            assertTrue(parts.isEmpty(), "nothing half written is handed on");
        }
    }

    private static byte[] segmentBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(11).nextBytes(bytes);
        return bytes;
    }

    private static byte[] slice(byte[] segment, int size) {
        byte[] slice = new byte[size];
        System.arraycopy(segment, START, slice, 0, size);
        return slice;
    }

    private FileChannel open(byte[] content) throws IOException {
        Path segment = dir.resolve("00000000000000000000.log");
        Files.write(segment, content);
        return FileChannel.open(segment, StandardOpenOption.READ);
    }

    private static List<Object> write(FileChannel file, int recordBytes) {
        List<Object> parts = new ArrayList<>();
        KafkaResponseWriter.write(ApiKeys.FETCH, VERSION, 7, answer(file, recordBytes), UnpooledByteBufAllocator.DEFAULT,
            parts);
        return parts;
    }

    private static FetchResponseData answer(FileChannel file, int recordBytes) {
        FetchResponseData.PartitionData partition = new FetchResponseData.PartitionData().setPartitionIndex(0)
            .setHighWatermark(50).setRecords(new SegmentRecords(RecordsPayload.ofFile(file, START, recordBytes)));
        FetchResponseData answer = new FetchResponseData();
        answer.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("t")
            .setPartitions(new ArrayList<>(List.of(partition))));
        return answer;
    }

    /** The frame's bytes, as a socket would carry them: buffers as they are, file regions transferred. */
    private static ByteBuffer frameOf(List<Object> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof ByteBuf buf) {
                buf.readBytes(bytes, buf.readableBytes());
                buf.release();
            } else {
                FileRegion region = (FileRegion) part;
                region.transferTo(Channels.newChannel(bytes), 0);
                region.release();
            }
        }
        ByteBuffer frame = ByteBuffer.wrap(bytes.toByteArray());
        assertEquals(frame.remaining() - 4, frame.getInt(), "the frame's size field");
        return frame;
    }

    private static byte[] readRecords(ByteBuffer frame) {
        assertEquals(7, ResponseHeader.parse(frame, ApiKeys.FETCH.responseHeaderVersion(VERSION)).correlationId());
        FetchResponseData read = new FetchResponseData();
        read.read(new ByteBufferAccessor(frame), VERSION);
        assertEquals(0, frame.remaining(), "nothing after the answer");
        BaseRecords records = read.responses().get(0).partitions().get(0).records();
        ByteBuffer buffer = ((MemoryRecords) records).buffer();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
