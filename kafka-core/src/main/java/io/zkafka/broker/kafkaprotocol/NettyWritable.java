package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.zkafka.common.protocol.NonClosingFileRegion;
import io.zkafka.common.protocol.RecordsPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Kafka's {@link Writable} over Netty: a response's own bytes go into one pooled buffer; record
 * batches that are a segment file's slice become a {@link NonClosingFileRegion} between two slices
 * of that buffer, so the kernel copies them from the page cache to the socket, or, when the caller
 * asks (small records, {@link RecordsPayload#COPY_FILE_BYTES_UP_TO}), are read into the buffer. Use once:
 * write the message, then {@link #finish} hands the parts (in order) to the caller.
 */
final class NettyWritable implements Writable {
    private final ByteBuf buffer;
    private final boolean copyFileRecords;
    private final List<Object> parts;
    private int sliceStart;

    /**
     * {@code bufferBytes}: the size of everything written into the buffer (with {@code copyFileRecords},
     * the file slices too), so the buffer need not grow.
     */
    NettyWritable(ByteBufAllocator alloc, int bufferBytes, boolean copyFileRecords, List<Object> parts) {
        this.buffer = alloc.directBuffer(bufferBytes);
        this.copyFileRecords = copyFileRecords;
        this.parts = parts;
    }

    @Override
    public void writeByte(byte val) {
        buffer.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        buffer.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        buffer.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        buffer.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        buffer.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        buffer.writeBytes(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
        int value = i;
        while ((value & 0xffffff80) != 0) {
            buffer.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        buffer.writeBytes(buf.duplicate());
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long value = (i << 1) ^ (i >> 63);
        while ((value & 0xffffffffffffff80L) != 0L) {
            buffer.writeByte(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte((int) value);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof SegmentRecords segment) {
            RecordsPayload payload = segment.payload();
            if (payload.isFile() && !copyFileRecords) {
                cutSlice();
                parts.add(new NonClosingFileRegion(payload.file(), payload.filePosition(), payload.sizeInBytes()));
            } else {
                copy(payload);
            }
        } else if (records instanceof MemoryRecords memory) {
            buffer.writeBytes(memory.buffer().duplicate());
        } else {
            throw new IllegalArgumentException("cannot write records of type " + records.getClass().getName());
        }
    }

    /** Appends the payload's bytes to the buffer: from memory, or read from its file. */
    private void copy(RecordsPayload payload) {
        try {
            payload.copyTo(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the records of a fetch answer", e);
        }
    }

    private void cutSlice() {
        if (buffer.writerIndex() > sliceStart) {
            parts.add(buffer.retainedSlice(sliceStart, buffer.writerIndex() - sliceStart));
            sliceStart = buffer.writerIndex();
        }
    }

    /** Adds the last slice of the buffer to the parts and drops this writer's own reference. */
    void finish() {
        cutSlice();
        buffer.release();
    }

    /** Releases the buffer without handing on the bytes (an encoding failure). */
    void discard() {
        buffer.release();
    }
}
