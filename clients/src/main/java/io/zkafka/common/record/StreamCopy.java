package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.IOException;
import java.io.InputStream;

/** Drains a decompressing stream into a bounded array, chunk by chunk. */
final class StreamCopy {
    private static final int CHUNK = 16 * 1024;
    private static final int MAX_EMPTY_READS = 1024;

    private StreamCopy() {
    }

    /** Reads {@code in} to its end into {@code out}; output past {@code out}'s limit is refused unbuffered. */
    static void copy(InputStream in, GrowableByteArray out) throws IOException {
        int emptyReads = 0;
        while (true) {
            int room = out.remainingToLimit();
            if (room == 0) {
                if (in.read() < 0) {
                    return;
                }
                out.reserve(1); // throws: one byte more than the limit allows
            }
            int want = Math.min(CHUNK, room);
            byte[] array = out.reserve(want);
            int read = in.read(array, out.size(), want);
            if (read < 0) {
                return;
            }
            if (read == 0 && ++emptyReads > MAX_EMPTY_READS) {
                throw new CorruptRecordException("Decompression stalled without producing output");
            }
            out.advance(read);
        }
    }
}
