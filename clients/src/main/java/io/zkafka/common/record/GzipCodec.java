package io.zkafka.common.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The gzip codec: one standard gzip member (RFC 1952), as Kafka writes with {@code GZIPOutputStream}. */
final class GzipCodec {
    private static final int BUFFER_SIZE = 8 * 1024;

    private GzipCodec() {
    }

    static void compress(byte[] src, int offset, int length, GrowableByteArray out) throws IOException {
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, BUFFER_SIZE)) {
            gzip.write(src, offset, length);
        }
    }

    static void decompress(byte[] src, int offset, int length, GrowableByteArray out) throws IOException {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(src, offset, length), BUFFER_SIZE)) {
            StreamCopy.copy(gzip, out);
        }
    }
}
