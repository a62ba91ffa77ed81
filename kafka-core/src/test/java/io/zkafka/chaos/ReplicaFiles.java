package io.zkafka.chaos;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What each broker's replica of a partition holds on disk, read straight from its segment files
 * ({@code <logDir>/<topic>-<partition>/<20-digit base offset>.log}), whether the broker runs or not.
 * Used to tell an acknowledged record that is gone from every replica (real loss) from one the
 * consumer failed to deliver (a skip).
 *
 * <p>A segment is read up to its first incomplete or corrupt batch, as recovery would. Each
 * partition's files are read once and kept. Not thread-safe: used by the test thread after the
 * traffic has stopped.
 */
final class ReplicaFiles {
    private static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    private final Map<Integer, Path> logDirs;
    private final Map<String, Map<Long, String>> cache = new HashMap<>();

    /** @param logDirs each broker's id and its {@code log.dirs} folder */
    ReplicaFiles(Map<Integer, Path> logDirs) {
        this.logDirs = Map.copyOf(logDirs);
    }

    /** The value at {@code offset} of {@code tp} on each broker whose files hold that offset. */
    Map<Integer, String> valuesAt(TopicPartition tp, long offset) {
        Map<Integer, String> found = new TreeMap<>();
        logDirs.forEach((brokerId, dir) -> {
            String value = records(brokerId, tp).get(offset);
            if (value != null) {
                found.put(brokerId, value);
            }
        });
        return found;
    }

    /** Every record of {@code tp} in broker {@code brokerId}'s files: offset to value (UTF-8). */
    Map<Long, String> records(int brokerId, TopicPartition tp) {
        return cache.computeIfAbsent(brokerId + "/" + tp, key -> read(partitionDir(logDirs.get(brokerId),
            tp.topic() + "-" + tp.partition())));
    }

    /** The partition's folder in {@code brokerDir}, or in one of its log dirs when it has several. */
    private static Path partitionDir(Path brokerDir, String name) {
        Path direct = brokerDir.resolve(name);
        if (Files.isDirectory(direct) || !Files.isDirectory(brokerDir)) {
            return direct;
        }
        try (Stream<Path> children = Files.list(brokerDir)) {
            return children.map(child -> child.resolve(name)).filter(Files::isDirectory).findFirst().orElse(direct);
        } catch (IOException e) {
            return direct;
        }
    }

    static Map<Long, String> read(Path partitionDir) {
        Map<Long, String> records = new TreeMap<>();
        if (!Files.isDirectory(partitionDir)) {
            return records;
        }
        try (Stream<Path> files = Files.list(partitionDir)) {
            List<Path> segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
            for (Path segment : segments) {
                readSegment(ByteBuffer.wrap(Files.readAllBytes(segment)), records);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the segments of " + partitionDir + " failed", e);
        }
        return records;
    }

    private static void readSegment(ByteBuffer bytes, Map<Long, String> into) {
        RecordBatchIterator batches = new RecordBatchIterator(bytes, MAX_BATCH_BYTES);
        try {
            while (batches.hasNext()) {
                RecordBatchView batch = batches.next();
                BatchRecordIterator records = new BatchRecordIterator(batch);
                while (records.hasNext()) {
                    RecordView record = records.next();
                    String value = record.hasValue() ? StandardCharsets.UTF_8.decode(record.value()).toString() : null;
                    into.put(record.offset(), value);
                }
            }
        } catch (CorruptRecordException e) {
            // A torn tail of a crashed broker: recovery would cut here too.
        }
    }
}
