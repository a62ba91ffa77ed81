package io.zkafka.storage.producer;

import io.zkafka.storage.internals.CheckpointFile;
import io.zkafka.storage.internals.LogFileNames;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A snapshot of one partition's producer state, beside its segments as {@code <offset>.snapshot}
 * (20 digits, as Kafka names them): the state after every batch below {@code offset}. Written to
 * {@code <offset>.snapshot.tmp}, fsynced, renamed over, folder fsynced, so a crash leaves a whole
 * snapshot or none (the loader deletes {@code *.tmp}). Big-endian:
 *
 * <pre>
 *  0               2                               6                               10
 * +---------------+-------------------------------+-------------------------------+
 * | version int16 | crc uint32: CRC-32C of bytes  | producer count int32          |
 * | = 1           | 6 .. end                      |                               |
 * +---------------+-------------------------------+-------------------------------+
 * then per producer, in producer id order ({@value #ENTRY_SIZE} bytes + {@value #BATCH_SIZE} per batch):
 * +-------------------------------+---------------+-------------------------------+
 * | producer id int64             | epoch int16   | coordinator epoch int32 (-1)  |
 * +-------------------------------+---------------+-------------------------------+
 * | current txn first offset int64 (-1: none)     | last timestamp int64          |
 * +---------------------+-----------------------------------------------------------+
 * | batch count int8    |   0 to 5
 * +---------------------+
 * then per batch, oldest first:
 * +-----------------+----------------+-------------------+--------------------+-----------------+
 * | first seq int32 | last seq int32 | last offset int64 | offset delta int32 | timestamp int64 |
 * +-----------------+----------------+-------------------+--------------------+-----------------+
 * </pre>
 *
 * A file that is short, long, of another version, fails its CRC or holds impossible values is
 * refused with {@link CorruptSnapshotException}; the caller falls back to an older snapshot or to
 * the log. Stateless.
 */
public final class ProducerSnapshotFile {
    public static final String SUFFIX = ".snapshot";
    static final short VERSION = 1;
    static final int VERSION_OFFSET = 0;
    static final int CRC_OFFSET = VERSION_OFFSET + 2;
    static final int COUNT_OFFSET = CRC_OFFSET + 4;
    static final int HEADER_SIZE = COUNT_OFFSET + 4;
    static final int ENTRY_SIZE = 8 + 2 + 4 + 8 + 8 + 1;
    static final int BATCH_SIZE = 4 + 4 + 8 + 4 + 8;

    /** The file cannot be a snapshot this version wrote whole. */
    public static final class CorruptSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptSnapshotException(Path file, String why) {
            super("Producer state snapshot " + file + " is unusable: " + why);
        }
    }

    private ProducerSnapshotFile() {
    }

    public static Path path(Path dir, long offset) {
        return dir.resolve(LogFileNames.prefix(offset) + SUFFIX);
    }

    /** The offset a snapshot file is named by, or -1 if the name is not a snapshot's. */
    public static long offsetOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        return LogFileNames.baseOffsetOf(fileName);
    }

    /** The bytes of a snapshot of {@code entries}. */
    static ByteBuffer encode(Collection<ProducerStateEntry> entries) {
        List<ProducerStateEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(ProducerStateEntry::producerId));
        int size = HEADER_SIZE;
        for (ProducerStateEntry entry : sorted) {
            size += ENTRY_SIZE + BATCH_SIZE * entry.batches().size();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putInt(sorted.size());
        for (ProducerStateEntry entry : sorted) {
            List<BatchMetadata> batches = entry.batches();
            buffer.putLong(entry.producerId()).putShort(entry.producerEpoch()).putInt(entry.coordinatorEpoch())
                .putLong(entry.currentTxnFirstOffset()).putLong(entry.lastTimestamp()).put((byte) batches.size());
            for (BatchMetadata batch : batches) {
                buffer.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.lastOffset())
                    .putInt(batch.offsetDelta()).putLong(batch.timestamp());
            }
        }
        buffer.putInt(CRC_OFFSET, (int) crc(buffer.array(), size));
        return buffer.flip();
    }

    /** Reads the entries of a snapshot's bytes; {@code file} only names it in errors. */
    static List<ProducerStateEntry> decode(Path file, ByteBuffer bytes) throws CorruptSnapshotException {
        ByteBuffer buffer = bytes.duplicate();
        if (buffer.remaining() < HEADER_SIZE) {
            throw new CorruptSnapshotException(file, buffer.remaining() + " bytes, less than the " + HEADER_SIZE
                + "-byte header");
        }
        short version = buffer.getShort();
        if (version != VERSION) {
            throw new CorruptSnapshotException(file, "version " + version + ", this broker reads " + VERSION);
        }
        long stored = Integer.toUnsignedLong(buffer.getInt());
        byte[] rest = new byte[buffer.remaining()];
        buffer.duplicate().get(rest);
        CRC32C crc = new CRC32C();
        crc.update(rest);
        if (crc.getValue() != stored) {
            throw new CorruptSnapshotException(file, "CRC " + Long.toHexString(crc.getValue()) + " instead of "
                + Long.toHexString(stored));
        }
        try {
            int count = buffer.getInt();
            if (count < 0 || (long) count * ENTRY_SIZE > buffer.remaining()) {
                throw new CorruptSnapshotException(file, "producer count " + count + " does not fit its "
                    + buffer.remaining() + " bytes");
            }
            List<ProducerStateEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(readEntry(file, buffer));
            }
            if (buffer.hasRemaining()) {
                throw new CorruptSnapshotException(file, buffer.remaining() + " bytes after the last producer");
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw new CorruptSnapshotException(file, "it ends inside a producer entry");
        } catch (IllegalArgumentException e) {
            throw new CorruptSnapshotException(file, e.getMessage());
        }
    }

    private static ProducerStateEntry readEntry(Path file, ByteBuffer buffer) throws CorruptSnapshotException {
        long producerId = buffer.getLong();
        short epoch = buffer.getShort();
        int coordinatorEpoch = buffer.getInt();
        long txnFirstOffset = buffer.getLong();
        long lastTimestamp = buffer.getLong();
        int batchCount = buffer.get();
        if (producerId < 0 || batchCount < 0 || batchCount > ProducerStateEntry.NUM_BATCHES_TO_RETAIN) {
            throw new CorruptSnapshotException(file, "producer " + producerId + " with " + batchCount + " batches");
        }
        List<BatchMetadata> batches = new ArrayList<>(batchCount);
        for (int b = 0; b < batchCount; b++) {
            int firstSeq = buffer.getInt();
            int lastSeq = buffer.getInt();
            long lastOffset = buffer.getLong();
            int offsetDelta = buffer.getInt();
            long timestamp = buffer.getLong();
            if (offsetDelta < 0) {
                throw new CorruptSnapshotException(file, "producer " + producerId + " has a negative offset delta");
            }
            batches.add(new BatchMetadata(firstSeq, lastSeq, lastOffset - offsetDelta, lastOffset, timestamp));
        }
        return new ProducerStateEntry(producerId, epoch, coordinatorEpoch, txnFirstOffset, lastTimestamp, batches);
    }

    private static long crc(byte[] array, int size) {
        CRC32C crc = new CRC32C();
        crc.update(array, COUNT_OFFSET, size - COUNT_OFFSET);
        return crc.getValue();
    }

    /** Writes the snapshot of {@code entries} at {@code offset} in {@code dir}, atomically and durably. */
    public static Path write(Path dir, long offset, Collection<ProducerStateEntry> entries) throws IOException {
        Path file = path(dir, offset);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteBuffer bytes = encode(entries);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CheckpointFile.fsyncDirectory(dir);
        return file;
    }

    /** Reads a snapshot file. */
    public static List<ProducerStateEntry> read(Path file) throws IOException {
        return decode(file, ByteBuffer.wrap(Files.readAllBytes(file)));
    }
}
