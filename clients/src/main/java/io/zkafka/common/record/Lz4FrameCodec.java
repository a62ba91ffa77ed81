package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The lz4 codec: the LZ4 frame format (v1.6), which is what Kafka's {@code KafkaLZ4BlockOutputStream}
 * writes for magic 2 batches. Little-endian:
 *
 * <pre>
 * +-------------------+-----+----+--------------------+-----+
 * | magic 0x184D2204  | FLG | BD | [content size x8]  | HC  |   frame header
 * +-------------------+-----+----+--------------------+-----+
 * | block size uint32 (bit 31 set: stored uncompressed; 0: end mark) | data | [xxh32 x4] |  repeated
 * +------------------------------------------------------------------+------+------------+
 * | [content checksum xxh32 x4]                                                            |
 * +----------------------------------------------------------------------------------------+
 *
 * FLG: bits 7-6 version (01), 5 block independence, 4 block checksum, 3 content size,
 *      2 content checksum, 1 reserved, 0 dictionary id.  BD: bits 6-4 max block size (4: 64 KiB .. 7: 4 MiB).
 * HC:  second byte of xxh32(seed 0) over FLG .. the end of the optional fields.
 * </pre>
 *
 * We write what Kafka writes: independent 64 KiB blocks, no checksums but the header's, an end
 * mark. We read any frame of independent blocks and verify whatever checksums it carries.
 */
final class Lz4FrameCodec {
    private static final int MAGIC = 0x184D2204;
    private static final int FLG_VERSION = 0x40;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICTIONARY_ID = 0x01;
    private static final int BD_64KB = 4 << 4;
    private static final int BD_RESERVED_MASK = 0x8F;
    private static final int UNCOMPRESSED_FLAG = 0x80000000;
    private static final int WRITE_BLOCK_SIZE = 64 * 1024;

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHashFactory HASHES = XXHashFactory.fastestInstance();
    private static final XXHash32 HASH = HASHES.hash32();

    private Lz4FrameCodec() {
    }

    static void compress(byte[] src, int offset, int length, GrowableByteArray out) {
        byte[] header = out.reserve(7);
        int at = out.size();
        ByteBuffer.wrap(header, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC);
        header[at + 4] = (byte) (FLG_VERSION | FLG_BLOCK_INDEPENDENCE);
        header[at + 5] = (byte) BD_64KB;
        header[at + 6] = (byte) (HASH.hash(header, at + 4, 2, 0) >> 8);
        out.advance(7);
        for (int done = 0; done < length; done += WRITE_BLOCK_SIZE) {
            int blockLength = Math.min(WRITE_BLOCK_SIZE, length - done);
            byte[] dest = out.reserve(4 + COMPRESSOR.maxCompressedLength(blockLength));
            int sizeAt = out.size();
            int compressed = COMPRESSOR.compress(src, offset + done, blockLength, dest, sizeAt + 4);
            int sizeField = compressed;
            if (compressed >= blockLength) {
                System.arraycopy(src, offset + done, dest, sizeAt + 4, blockLength);
                compressed = blockLength;
                sizeField = blockLength | UNCOMPRESSED_FLAG;
            }
            putIntLE(dest, sizeAt, sizeField);
            out.advance(4 + compressed);
        }
        putIntLE(out.reserve(4), out.size(), 0);
        out.advance(4);
    }

    static void decompress(byte[] src, int offset, int length, GrowableByteArray out) {
        int end = offset + length;
        require(length >= 7, "Truncated lz4 frame header");
        require(intLE(src, offset) == MAGIC, "Records do not start with the lz4 frame magic");
        int flg = src[offset + 4] & 0xFF;
        int bd = src[offset + 5] & 0xFF;
        require((flg & FLG_VERSION_MASK) == FLG_VERSION, "Unsupported lz4 frame version in FLG " + flg);
        require((flg & FLG_RESERVED) == 0 && (bd & BD_RESERVED_MASK) == 0, "Reserved lz4 frame bits are set");
        require((flg & FLG_DICTIONARY_ID) == 0, "lz4 frames with a dictionary are not supported");
        require((flg & FLG_BLOCK_INDEPENDENCE) != 0, "lz4 frames with linked blocks are not supported");
        int maxBlockSize = 1 << (8 + 2 * ((bd >> 4) & 0x07));
        require(maxBlockSize >= 64 * 1024, "Unsupported lz4 max block size id in BD " + bd);
        int descriptorLength = 2 + ((flg & FLG_CONTENT_SIZE) != 0 ? 8 : 0);
        require(length >= 4 + descriptorLength + 1, "Truncated lz4 frame header");
        int hc = src[offset + 4 + descriptorLength] & 0xFF;
        require(hc == ((HASH.hash(src, offset + 4, descriptorLength, 0) >> 8) & 0xFF),
            "lz4 frame header checksum mismatch");
        boolean blockChecksum = (flg & FLG_BLOCK_CHECKSUM) != 0;
        int at = offset + 4 + descriptorLength + 1;
        int contentStart = out.size();
        while (true) {
            require(end - at >= 4, "Truncated lz4 frame: missing block size or end mark");
            int sizeField = intLE(src, at);
            at += 4;
            if (sizeField == 0) {
                break;
            }
            int blockLength = sizeField & ~UNCOMPRESSED_FLAG;
            require(blockLength <= maxBlockSize, "lz4 block of " + blockLength + " bytes exceeds the frame's "
                + maxBlockSize);
            require(blockLength + (blockChecksum ? 4 : 0) <= end - at, "Truncated lz4 block");
            if (blockChecksum) {
                require(HASH.hash(src, at, blockLength, 0) == intLE(src, at + blockLength), "lz4 block checksum mismatch");
            }
            if ((sizeField & UNCOMPRESSED_FLAG) != 0) {
                out.write(src, at, blockLength);
            } else {
                decompressBlock(src, at, blockLength, maxBlockSize, out);
            }
            at += blockLength + (blockChecksum ? 4 : 0);
        }
        if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
            require(end - at >= 4, "Truncated lz4 content checksum");
            StreamingXXHash32 content = HASHES.newStreamingHash32(0);
            content.update(out.array(), contentStart, out.size() - contentStart);
            require(content.getValue() == intLE(src, at), "lz4 content checksum mismatch");
        }
    }

    private static void decompressBlock(byte[] src, int at, int blockLength, int maxBlockSize, GrowableByteArray out) {
        int room = Math.min(maxBlockSize, out.remainingToLimit());
        byte[] dest = out.reserve(room);
        try {
            out.advance(DECOMPRESSOR.decompress(src, at, blockLength, dest, out.size(), room));
        } catch (LZ4Exception e) {
            if (room < maxBlockSize) {
                throw new CorruptRecordException("lz4 block is corrupt or needs more than the " + room
                    + " bytes left under the " + out.limitDescription() + ": " + e.getMessage(), e);
            }
            throw new CorruptRecordException("Corrupt lz4 block: " + e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new CorruptRecordException(problem);
        }
    }

    private static int intLE(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }

    private static void putIntLE(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) (value >> 16);
        bytes[at + 3] = (byte) (value >> 24);
    }
}
