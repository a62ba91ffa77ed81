package io.zkafka.common.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The zstd codec: standard zstd frames (RFC 8878). We compress in one shot at Kafka's default
 * level 3 (the frame then records its content size); we decode as a stream, so the frames Kafka's
 * streaming writer produces, without a content size, read the same. The decoder keeps zstd's
 * default window limit of 2^27 bytes, held in native memory, so a frame declaring a larger window
 * is refused rather than allocated.
 */
final class ZstdCodec {
    static final int LEVEL = 3;

    private ZstdCodec() {
    }

    static void compress(byte[] src, int offset, int length, GrowableByteArray out) throws IOException {
        long bound = Zstd.compressBound(length);
        if (bound > Integer.MAX_VALUE) {
            throw new IOException("zstd bound " + bound + " for " + length + " bytes exceeds an array");
        }
        byte[] dest = out.reserve((int) bound);
        long written = Zstd.compressByteArray(dest, out.size(), (int) bound, src, offset, length, LEVEL);
        if (Zstd.isError(written)) {
            throw new IOException("zstd compression failed: " + Zstd.getErrorName(written));
        }
        out.advance((int) written);
    }

    static void decompress(byte[] src, int offset, int length, GrowableByteArray out) throws IOException {
        try (ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(
                new ByteArrayInputStream(src, offset, length))) {
            StreamCopy.copy(zstd, out);
        }
    }
}
