package io.zkafka.storage.cleaner;

import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds compacted-topic logs for the cleaner tests and reads them back record by record. */
final class CompactionFixture {
    static final long START_TIME = 1_700_000_000_000L;

    /** A record as read back: offset, key, value (null for a tombstone), timestamp. */
    record Rec(long offset, String key, String value, long timestamp) {
    }

    /** A batch header as read back. */
    record BatchInfo(long baseOffset, long lastOffset, int epoch, CompressionType compression, int records) {
    }

    final AtomicLong clock = new AtomicLong(START_TIME);

    private CompactionFixture() {
    }

    static CompactionFixture create() {
        return new CompactionFixture();
    }

    static LogConfig compactConfig(Map<String, Object> overrides) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put(LogConfig.CLEANUP_POLICY, "compact");
        all.put(LogConfig.SEGMENT_BYTES, 1024 * 1024);
        all.put(LogConfig.INDEX_INTERVAL_BYTES, 256);
        all.put(LogConfig.SEGMENT_INDEX_BYTES, 64 * 1024);
        all.putAll(overrides);
        return LogConfig.of(all);
    }

    Log open(Path dir, LogConfig config) throws IOException {
        return Log.open(dir, config, 0, 0, true, clock::get);
    }

    /** Reopens after a simulated crash: unclean, recovering everything. */
    Log reopenAfterCrash(Path dir, LogConfig config) throws IOException {
        return Log.open(dir, config, 0, 0, false, clock::get);
    }

    LogCleaner cleaner(List<Log> logs, CleanerConfig config) {
        return new LogCleaner(config, () -> logs, clock::get);
    }

    static CleanerConfig smallCleaner() {
        return CleanerConfig.defaults().withBackoffMs(10);
    }

    /** Appends one batch of {@code keysAndValues} pairs (a null value is a tombstone) at the clock's time. */
    void append(Log log, CompressionType compression, int epoch, String... keysAndValues) throws IOException {
        RecordBatchBuilder builder = RecordBatchBuilder.create(compression, 0, 1 << 20);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.append(clock.get(), bytes(keysAndValues[i]), bytes(keysAndValues[i + 1]));
        }
        log.append(builder.build(), epoch);
    }

    void append(Log log, String... keysAndValues) throws IOException {
        append(log, CompressionType.NONE, 0, keysAndValues);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }

    /** Every record of the log, read through {@link Log#read}, each batch validated with its records. */
    static List<Rec> records(Log log) throws IOException {
        List<Rec> out = new ArrayList<>();
        for (RecordBatchView batch : batches(log)) {
            BatchRecordIterator it = batch.records();
            while (it.hasNext()) {
                RecordView r = it.next();
                out.add(new Rec(r.offset(), string(r.key()), string(r.value()), r.timestamp()));
            }
        }
        return out;
    }

    static List<BatchInfo> batchInfos(Log log) throws IOException {
        List<BatchInfo> out = new ArrayList<>();
        for (RecordBatchView b : batches(log)) {
            out.add(new BatchInfo(b.baseOffset(), b.lastOffset(), b.partitionLeaderEpoch(), b.compressionType(),
                b.recordCount()));
        }
        return out;
    }

    static List<RecordBatchView> batches(Log log) throws IOException {
        List<RecordBatchView> out = new ArrayList<>();
        long next = log.logStartOffset();
        for (int guard = 0; guard < 100_000 && next < log.logEndOffset(); guard++) {
            FileSlice slice = log.read(next, 1 << 20);
            if (slice.isEmpty()) {
                break;
            }
            ByteBuffer bytes = slice.readAll();
            RecordBatchIterator it = new RecordBatchIterator(bytes, Integer.MAX_VALUE);
            while (it.hasNext()) {
                RecordBatchView batch = it.next();
                batch.validateRecords(Integer.MAX_VALUE, 1 << 26);
                out.add(batch);
                next = batch.nextOffset();
            }
        }
        return out;
    }

    /** The newest record of each key, keyed by key, in offset order. */
    static Map<String, Rec> newestByKey(List<Rec> records) {
        Map<String, Rec> newest = new LinkedHashMap<>();
        for (Rec r : records) {
            if (r.key() != null) {
                newest.put(r.key(), r);
            }
        }
        return newest;
    }
}
