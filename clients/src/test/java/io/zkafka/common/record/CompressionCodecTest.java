package io.zkafka.common.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import com.github.luben.zstd.ZstdOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.SnappyOutputStream;

/** The codecs on their own, against the streams of the libraries Kafka uses. */
class CompressionCodecTest {
    private static final int LIMIT = 8 << 20;

    private static byte[] sample(int size) {
        Random random = new Random(size);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a' + i % 7);
        }
        return bytes;
    }

    private static byte[] decompress(CompressionType type, byte[] compressed) {
        ByteBuffer out = RecordCompression.decompressRecords(ByteBuffer.wrap(compressed), type, LIMIT);
        return Arrays.copyOf(out.array(), out.limit());
    }

    private static byte[] compress(CompressionType type, byte[] data) {
        ByteBuffer in = ByteBuffer.allocate(RecordBatchDescriptor.RECORDS_OFFSET + data.length)
            .position(RecordBatchDescriptor.RECORDS_OFFSET).put(data);
        ByteBuffer out = RecordCompression.compressRecords(in, type);
        return Arrays.copyOfRange(out.array(), RecordBatchDescriptor.RECORDS_OFFSET, out.position());
    }

    private static byte[] viaStream(ByteArrayOutputStream sink, OutputStream stream, byte[] data) throws IOException {
        try (stream) {
            stream.write(data);
        }
        return sink.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldRoundTripEmptySmallAndMultiBlockInputs(CompressionType type) {
        for (int size : new int[] {0, 1, 1000, 300_000}) {
            byte[] data = sample(size);
            assertArrayEquals(data, decompress(type, compress(type, data)), type + " of " + size + " bytes");
        }
    }

    @Test
    void shouldWriteSnappyStreamsByteIdenticalToSnappyJava() throws IOException {
        byte[] data = sample(100_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertArrayEquals(viaStream(sink, new SnappyOutputStream(sink), data), compress(CompressionType.SNAPPY, data));
    }

    @Test
    void shouldReadConcatenatedSnappyStreams() throws IOException {
        byte[] first = sample(40_000);
        byte[] second = sample(1_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        viaStream(sink, new SnappyOutputStream(sink), first);
        byte[] both = viaStream(sink, new SnappyOutputStream(sink), second);
        byte[] expected = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertArrayEquals(expected, decompress(CompressionType.SNAPPY, both));
    }

    @Test
    void shouldReadLz4FramesWithEveryOptionalChecksumAndTheContentSize() throws IOException {
        byte[] data = sample(200_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] frame = viaStream(sink, new LZ4FrameOutputStream(sink, LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB,
            data.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
            LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE), data);
        assertArrayEquals(data, decompress(CompressionType.LZ4, frame));

        byte[] badContentChecksum = frame.clone();
        badContentChecksum[frame.length - 1] ^= 1;
        CorruptRecordException error = assertThrows(CorruptRecordException.class,
            () -> decompress(CompressionType.LZ4, badContentChecksum));
        assertTrue(error.getMessage().contains("content checksum"), error.getMessage());
    }

    @Test
    void shouldRefuseLz4FramesWithLinkedBlocks() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] frame = viaStream(sink, new LZ4FrameOutputStream(sink, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB),
            sample(10));
        frame[4] &= ~0x20; // clear block independence; the header checksum no longer matters
        CorruptRecordException error = assertThrows(CorruptRecordException.class,
            () -> decompress(CompressionType.LZ4, frame));
        assertTrue(error.getMessage().contains("linked blocks"), error.getMessage());
    }

    @Test
    void shouldReadStreamedZstdFramesWithoutAContentSize() throws IOException {
        byte[] data = sample(500_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertArrayEquals(data, decompress(CompressionType.ZSTD, viaStream(sink, new ZstdOutputStream(sink, 3), data)));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldNameTheCodecWhenTheBytesAreNotItsFormat(CompressionType type) {
        byte[] garbage = sample(100);
        CorruptRecordException error = assertThrows(CorruptRecordException.class, () -> decompress(type, garbage));
        assertTrue(error.getMessage().toLowerCase().contains(type.configName()), error.getMessage());
    }

    @Test
    void shouldEncodeHeaderKeysAsStringGetBytesDoes() {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) random.nextInt(0x800);
                    case 2 -> (char) (0xD800 + random.nextInt(0x800)); // surrogates, paired or lone
                    default -> (char) random.nextInt(0x10000);
                };
            }
            String key = new String(chars);
            byte[] expected = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(64);
            Utf8.encode(key, out);
            assertEquals(expected.length, Utf8.encodedLength(key));
            assertArrayEquals(expected, Arrays.copyOf(out.array(), out.position()));
        }
    }
}
