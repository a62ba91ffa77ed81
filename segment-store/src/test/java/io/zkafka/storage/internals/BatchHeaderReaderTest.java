package io.zkafka.storage.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walking batch headers through the reader's window: small batches whose headers straddle a window's
 * end, batches larger than a window, a walk's end inside the file, and a torn last batch.
 */
@Timeout(30)
class BatchHeaderReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldWalkEveryHeaderWhateverTheBatchSizes() throws IOException {
        List<ByteBuffer> batches = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 300; i++) {
            int valueBytes = i % 50 == 49 ? 3 * BatchHeaderReader.WINDOW_BYTES : 40 + i % 7;
            batches.add(batch(offset, i % 3 + 1, valueBytes));
            offset += i % 3 + 1;
        }
        try (FileChannel file = write(batches)) {
            List<long[]> walked = walk(file, 0, file.size());
            assertEquals(batches.size(), walked.size());
            long position = 0;
            for (int i = 0; i < batches.size(); i++) {
                RecordBatchView expected = new RecordBatchView(batches.get(i), 0);
                assertEquals(expected.baseOffset(), walked.get(i)[0], "batch " + i);
                assertEquals(position, walked.get(i)[1], "batch " + i);
                position += expected.sizeInBytes();
            }
        }
    }

    @Test
    void shouldStopAtTheWalksEndAndAtATornBatch() throws IOException {
        List<ByteBuffer> batches = List.of(batch(0, 1, 50), batch(1, 1, 50), batch(2, 1, 50));
        int first = batches.get(0).remaining();
        try (FileChannel file = write(batches)) {
            assertEquals(2, walk(file, 0, 2L * first).size(), "the end given, not the file's");
            file.truncate(file.size() - 10);
            assertEquals(2, walk(file, 0, file.size()).size(), "the torn last batch is not a whole one");
            BatchHeaderReader reader = new BatchHeaderReader(file);
            assertFalse(reader.readAt(file.size() - 20, file.size()), "fewer bytes than a header");
            assertTrue(reader.readAt(first, file.size()));
            assertEquals(1, reader.view().baseOffset(), "read again before the window");
            assertTrue(reader.readAt(0, file.size()));
            assertEquals(0, reader.view().baseOffset());
        }
    }

    private static List<long[]> walk(FileChannel file, long from, long end) throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(file);
        List<long[]> walked = new ArrayList<>();
        long position = from;
        while (reader.readAt(position, end)) {
            walked.add(new long[] {reader.view().baseOffset(), position});
            position += reader.view().sizeInBytes();
        }
        return walked;
    }

    private FileChannel write(List<ByteBuffer> batches) throws IOException {
        FileChannel file = FileChannel.open(dir.resolve("00000000000000000000.log"), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        for (ByteBuffer batch : batches) {
            file.write(batch.duplicate());
        }
        return file;
    }

    private static ByteBuffer batch(long baseOffset, int records, int valueBytes) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(baseOffset, 4 * BatchHeaderReader.WINDOW_BYTES);
        for (int i = 0; i < records; i++) {
            builder.append(1_700_000_000_000L, ("k" + i).getBytes(StandardCharsets.UTF_8), new byte[valueBytes]);
        }
        return builder.build();
    }
}
