package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * The snappy codec in the stream framing of xerial snappy-java's {@code SnappyOutputStream}, which
 * is what Kafka writes and reads (not Google's snappy framing format). Big-endian:
 *
 * <pre>
 * +------+---+---+---+---+---+---+------+---------------+-----------------------+
 * | 0x82 | S | N | A | P | P | Y | 0x00 | version int32 | min compatible int32  |   stream header (16 bytes)
 * +------+---+---+---+---+---+---+------+---------------+-----------------------+
 * | block length int32 | raw snappy block of that many bytes, at most 32 KiB uncompressed |  repeated
 * +--------------------+------------------------------------------------------------------+
 * </pre>
 *
 * The header may appear again between blocks (concatenated streams), as snappy-java accepts.
 * Decoding is done here rather than through {@code SnappyInputStream} so every block length and
 * every declared uncompressed length is checked against the input and the output limit before
 * anything is allocated or written.
 */
final class SnappyCodec {
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int VERSION = 1;
    private static final int HEADER_SIZE = MAGIC.length + 4 + 4;
    private static final int BLOCK_SIZE = 32 * 1024;

    private SnappyCodec() {
    }

    static void compress(byte[] src, int offset, int length, GrowableByteArray out) throws IOException {
        byte[] header = out.reserve(HEADER_SIZE);
        int at = out.size();
        System.arraycopy(MAGIC, 0, header, at, MAGIC.length);
        ByteBuffer.wrap(header, at + MAGIC.length, 8).putInt(VERSION).putInt(VERSION);
        out.advance(HEADER_SIZE);
        for (int done = 0; done < length; done += BLOCK_SIZE) {
            int blockLength = Math.min(BLOCK_SIZE, length - done);
            byte[] dest = out.reserve(4 + Snappy.maxCompressedLength(blockLength));
            int compressed = Snappy.compress(src, offset + done, blockLength, dest, out.size() + 4);
            ByteBuffer.wrap(dest).putInt(out.size(), compressed);
            out.advance(4 + compressed);
        }
    }

    static void decompress(byte[] src, int offset, int length, GrowableByteArray out) throws IOException {
        int end = offset + length;
        if (!startsWithMagic(src, offset, end)) {
            throw new CorruptRecordException("Snappy records do not start with the snappy-java stream header");
        }
        int at = offset;
        while (at < end) {
            if (startsWithMagic(src, at, end)) {
                at = readHeader(src, at, end);
                continue;
            }
            if (end - at < 4) {
                throw new CorruptRecordException("Truncated snappy block length: " + (end - at) + " bytes left");
            }
            int blockLength = ByteBuffer.wrap(src).getInt(at);
            at += 4;
            if (blockLength < 0 || blockLength > end - at) {
                throw new CorruptRecordException("Snappy block length " + blockLength + " does not fit the "
                    + (end - at) + " bytes left");
            }
            decompressBlock(src, at, blockLength, out);
            at += blockLength;
        }
    }

    private static void decompressBlock(byte[] src, int at, int blockLength, GrowableByteArray out) throws IOException {
        try {
            int uncompressed = Snappy.uncompressedLength(src, at, blockLength);
            if (uncompressed < 0) {
                throw new CorruptRecordException("Snappy block declares a negative length " + uncompressed);
            }
            byte[] dest = out.reserve(uncompressed);
            int written = Snappy.uncompress(src, at, blockLength, dest, out.size());
            if (written != uncompressed) {
                throw new CorruptRecordException("Snappy block produced " + written + " bytes, declared "
                    + uncompressed);
            }
            out.advance(written);
        } catch (SnappyError e) {
            throw new CorruptRecordException("Corrupt snappy block: " + e.getMessage(), e);
        }
    }

    private static int readHeader(byte[] src, int at, int end) {
        if (end - at < HEADER_SIZE) {
            throw new CorruptRecordException("Truncated snappy stream header");
        }
        int minCompatible = ByteBuffer.wrap(src).getInt(at + MAGIC.length + 4);
        if (minCompatible > VERSION) {
            throw new CorruptRecordException("Snappy stream needs reader version " + minCompatible
                + ", this reader is version " + VERSION);
        }
        return at + HEADER_SIZE;
    }

    private static boolean startsWithMagic(byte[] src, int at, int end) {
        if (end - at < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (src[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
