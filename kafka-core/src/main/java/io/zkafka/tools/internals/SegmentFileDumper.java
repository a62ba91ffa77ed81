package io.zkafka.tools.internals;

import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.Header;
import io.zkafka.common.record.RecordBatchDescriptor;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Prints the files of a log segment in the lines of Kafka's {@code DumpLogSegments}, reading them
 * directly (read-only, without the storage engine, whose classes the tools may not use): a
 * {@code .log} file's batches (with {@code deep}, each record; with {@code printData}, its key and
 * value as UTF-8), a {@code .index}'s {@code offset: position:} entries, a {@code .timeindex}'s
 * {@code timestamp: offset:} entries and a {@code .txnindex}'s aborted transactions. The index
 * layouts are those of segment-store's README (Kafka's). Entries are printed as they are, not
 * checked against the log. Confined to the calling thread.
 */
public final class SegmentFileDumper {
    private static final int OFFSET_ENTRY = 8;
    private static final int TIME_ENTRY = 12;
    private static final int TXN_ENTRY = 34;
    private static final String RECORD_INDENT = "|";

    private final PrintStream out;
    private final boolean deep;
    private final boolean printData;
    private final boolean offsetsDecoder;
    private final boolean transactionLogDecoder;

    /**
     * With {@code offsetsDecoder} keys and values are read as {@code __consumer_offsets} records, with
     * {@code transactionLogDecoder} as {@code __transaction_state} ones; either implies the others.
     */
    public SegmentFileDumper(PrintStream out, boolean deep, boolean printData, boolean offsetsDecoder,
                             boolean transactionLogDecoder) {
        this.out = out;
        this.deep = deep || printData || offsetsDecoder || transactionLogDecoder;
        this.printData = printData || offsetsDecoder || transactionLogDecoder;
        this.offsetsDecoder = offsetsDecoder;
        this.transactionLogDecoder = transactionLogDecoder;
    }

    /** The base offset in a segment file's name ({@code 00000000000000001234.log}). */
    static long baseOffset(Path file) {
        String name = file.getFileName().toString();
        String digits = name.substring(0, name.indexOf('.'));
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ToolException(file + " is not named by a base offset (like 00000000000000000000.log)");
        }
    }

    private static ByteBuffer map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
            throw new ToolException("Cannot read " + file + ": " + ToolRunner.messageOf(e), e);
        }
    }

    public void dumpLog(Path file) {
        out.println("Log starting offset: " + baseOffset(file));
        ByteBuffer buffer = map(file);
        int position = 0;
        while (buffer.limit() - position >= RecordBatchDescriptor.HEADER_SIZE) {
            int length = buffer.getInt(position + RecordBatchDescriptor.LENGTH_OFFSET);
            long size = (long) length + RecordBatchDescriptor.LOG_OVERHEAD;
            if (length < RecordBatchDescriptor.HEADER_SIZE - RecordBatchDescriptor.LOG_OVERHEAD
                || size > buffer.limit() - position
                || buffer.get(position + RecordBatchDescriptor.MAGIC_OFFSET) != RecordBatchDescriptor.MAGIC_V2) {
                break;
            }
            RecordBatchView batch = new RecordBatchView(buffer, position);
            printBatch(batch, position);
            if (deep) {
                printRecords(batch);
            }
            position += (int) size;
        }
        int trailing = buffer.limit() - position;
        if (trailing > 0) {
            out.println("Found " + trailing + " invalid bytes at the end of " + file.getFileName());
        }
    }

    private void printBatch(RecordBatchView batch, int position) {
        int baseSequence = batch.baseSequence();
        int lastSequence = baseSequence < 0 ? -1 : (int) ((baseSequence + (long) batch.lastOffsetDelta())
            % (Integer.MAX_VALUE + 1L));
        boolean hasDeleteHorizon = (batch.attributes() & RecordBatchDescriptor.DELETE_HORIZON_FLAG_MASK) != 0;
        out.println("baseOffset: " + batch.baseOffset() + " lastOffset: " + batch.lastOffset()
            + " count: " + batch.recordCount() + " baseSequence: " + baseSequence + " lastSequence: " + lastSequence
            + " producerId: " + batch.producerId() + " producerEpoch: " + batch.producerEpoch()
            + " partitionLeaderEpoch: " + batch.partitionLeaderEpoch() + " isTransactional: "
            + batch.isTransactional() + " isControl: " + batch.isControlBatch() + " deleteHorizonMs: "
            + (hasDeleteHorizon ? "OptionalLong[" + batch.baseTimestamp() + "]" : "OptionalLong.empty")
            + " position: " + position + " " + batch.timestampType().displayName() + ": " + batch.maxTimestamp()
            + " size: " + batch.sizeInBytes() + " magic: " + batch.magic() + " compresscodec: "
            + batch.compressionType().configName() + " crc: " + batch.checksum() + " isvalid: "
            + batch.isValidChecksum());
    }

    private void printRecords(RecordBatchView batch) {
        String timestampType = batch.timestampType().displayName();
        try {
            BatchRecordIterator records = batch.records();
            RecordView record = new RecordView();
            while (records.hasNext()) {
                records.nextInto(record);
                StringBuilder line = new StringBuilder(RECORD_INDENT).append(" offset: ").append(record.offset())
                    .append(' ').append(timestampType).append(": ").append(record.timestamp())
                    .append(" keySize: ").append(record.hasKey() ? record.keySize() : -1)
                    .append(" valueSize: ").append(record.hasValue() ? record.valueSize() : -1)
                    .append(" sequence: ").append(batch.baseSequence() < 0 ? -1
                        : batch.baseSequence() + record.offsetDelta())
                    .append(" headerKeys: ").append(Arrays.stream(record.headers()).map(Header::key)
                        .collect(Collectors.joining(",", "[", "]")));
                if (batch.isControlBatch()) {
                    EndTransactionMarker marker = EndTransactionMarker.read(record);
                    line.append(marker == null ? " controlType: UNKNOWN" : " endTxnMarker: " + marker.type()
                        + " coordinatorEpoch: " + marker.coordinatorEpoch());
                } else if (offsetsDecoder) {
                    line.append(" key: ").append(record.hasKey() ? OffsetsRecordDecoder.key(record.key()) : "<EMPTY>")
                        .append(" payload: ").append(OffsetsRecordDecoder.value(record.hasKey() ? record.key() : null,
                            record.hasValue() ? record.value() : null));
                } else if (transactionLogDecoder) {
                    line.append(" key: ").append(record.hasKey() ? TransactionLogRecordDecoder.key(record.key())
                        : "<EMPTY>").append(" payload: ").append(TransactionLogRecordDecoder.value(
                            record.hasValue() ? record.value() : null));
                } else if (printData) {
                    if (record.hasKey()) {
                        line.append(" key: ").append(new String(record.keyBytes(), StandardCharsets.UTF_8));
                    }
                    if (record.hasValue()) {
                        line.append(" payload: ").append(new String(record.valueBytes(), StandardCharsets.UTF_8));
                    }
                }
                out.println(line);
            }
        } catch (RuntimeException e) {
            out.println(RECORD_INDENT + " cannot read the records of this batch: " + ToolRunner.messageOf(e));
        }
    }

    public void dumpOffsetIndex(Path file) {
        long base = baseOffset(file);
        ByteBuffer index = map(file);
        int entries = index.limit() / OFFSET_ENTRY;
        if (entries == 0) {
            out.println(file + " is empty.");
            return;
        }
        for (int i = 0; i < entries; i++) {
            long offset = base + index.getInt(i * OFFSET_ENTRY);
            // a preallocated index ends in zeroed slots
            if (i > 0 && offset == base) {
                return;
            }
            out.println("offset: " + offset + " position: " + index.getInt(i * OFFSET_ENTRY + 4));
        }
    }

    public void dumpTimeIndex(Path file) {
        long base = baseOffset(file);
        ByteBuffer index = map(file);
        int entries = index.limit() / TIME_ENTRY;
        if (entries == 0) {
            out.println(file + " is empty.");
            return;
        }
        for (int i = 0; i < entries; i++) {
            long timestamp = index.getLong(i * TIME_ENTRY);
            long offset = base + index.getInt(i * TIME_ENTRY + 8);
            if (i > 0 && offset == base) {
                return;
            }
            out.println("timestamp: " + timestamp + " offset: " + offset);
        }
    }

    public void dumpTxnIndex(Path file) {
        ByteBuffer index = map(file);
        for (int at = 0; at + TXN_ENTRY <= index.limit(); at += TXN_ENTRY) {
            out.println("version: " + index.getShort(at) + " producerId: " + index.getLong(at + 2)
                + " firstOffset: " + index.getLong(at + 10) + " lastOffset: " + index.getLong(at + 18)
                + " lastStableOffset: " + index.getLong(at + 26));
        }
    }
}
