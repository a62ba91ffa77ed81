package io.zkafka.clients.producer.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.ATTRIBUTES_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.BASE_OFFSET_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.BASE_SEQUENCE_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.BASE_TIMESTAMP_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.CRC_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LAST_OFFSET_DELTA_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LENGTH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;
import static io.zkafka.common.record.RecordBatchDescriptor.MAGIC_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.MAGIC_V2;
import static io.zkafka.common.record.RecordBatchDescriptor.MAX_TIMESTAMP_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_PARTITION_LEADER_EPOCH;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_SEQUENCE;
import static io.zkafka.common.record.RecordBatchDescriptor.PARTITION_LEADER_EPOCH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.PRODUCER_EPOCH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.PRODUCER_ID_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_COUNT_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.TRANSACTIONAL_FLAG_MASK;

import io.zkafka.clients.producer.Callback;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.record.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records waiting for one partition, written straight into a pooled buffer in the record
 * batch format (v2, drawn in {@code RecordBatchDescriptor} and {@code RecordDescriptor}): the
 * header space first, then each record as it is appended. {@link #close} fills the header and the
 * CRC, compressing first when asked; the buffer then goes on the wire as is.
 *
 * <p>An idempotent producer's batch carries its producer id, epoch and base sequence in the header,
 * given when it is first drained ({@link #setProducerState}); if the partition's sequences start again
 * (an epoch bump) while it is in flight, {@link #resetProducerState} gives it new ones, written with
 * the CRC into the closed batch when it is drained again. A batch the broker refuses as too large is {@link #split} into smaller ones, which
 * take over its records, callbacks and futures.
 *
 * <p>Appends happen under the partition's deque lock in {@code RecordAccumulator}; once drained
 * the batch belongs to the sender thread, which completes it. Completion runs the callbacks in
 * append order.
 */
public final class ProducerBatch {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerBatch.class);
    private static final FutureRecordMetadata[] NO_FUTURES = new FutureRecordMetadata[0];
    private static final Callback[] NO_CALLBACKS = new Callback[0];

    final TopicPartition topicPartition;
    final long createdMs;
    private final ByteBuffer buffer;
    private final boolean pooled;
    private final ProduceRequestResult result;
    private final CRC32C crc = new CRC32C();
    private int recordCount;
    private long baseTimestamp;
    private long maxTimestamp = -1L;
    private int maxRecordSize;
    private boolean full;
    private boolean closed;
    private ByteBuffer wire;
    private FutureRecordMetadata[] callbackFutures = NO_FUTURES;
    private Callback[] callbacks = NO_CALLBACKS;
    private int callbackCount;
    private int attempts;
    private long lastAttemptMs;
    private boolean retried;
    private boolean completed;
    private ProducerIdAndEpoch producerIdAndEpoch = ProducerIdAndEpoch.NONE;
    private int baseSequence = NO_SEQUENCE;
    private boolean transactional;
    private boolean sequenceReset;
    private boolean headerStale;

    /** @param buffer a cleared buffer from the pool; its capacity bounds the batch */
    public ProducerBatch(TopicPartition topicPartition, ByteBuffer buffer, long createdMs) {
        this(topicPartition, buffer, createdMs, true);
    }

    private ProducerBatch(TopicPartition topicPartition, ByteBuffer buffer, long createdMs, boolean pooled) {
        this.topicPartition = topicPartition;
        this.buffer = buffer;
        this.pooled = pooled;
        this.createdMs = createdMs;
        this.lastAttemptMs = createdMs;
        this.result = new ProduceRequestResult(topicPartition);
        buffer.position(RECORDS_OFFSET);
    }

    /** Encoded size of a record in a batch whose first timestamp is {@code baseTimestamp}. */
    public static int sizeOfRecord(int offsetDelta, long timestampDelta, byte[] key, byte[] value, Header[] headers) {
        int body = sizeOfBody(offsetDelta, timestampDelta, key, value, headers);
        return Varint.sizeOfVarint(body) + body;
    }

    /** Upper bound on a record's size in an empty batch, header included (to size its buffer). */
    public static int estimateSizeInBytes(byte[] key, byte[] value, Header[] headers) {
        return RECORDS_OFFSET + sizeOfRecord(0, 0, key, value, headers);
    }

    private static int sizeOfBody(int offsetDelta, long timestampDelta, byte[] key, byte[] value, Header[] headers) {
        int size = 1 + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta)
            + sizeOfBytes(key) + sizeOfBytes(value) + Varint.sizeOfVarint(headers.length);
        for (Header header : headers) {
            int keyLength = header.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varint.sizeOfVarint(keyLength) + keyLength + sizeOfBytes(header.value());
        }
        return size;
    }

    private static int sizeOfBytes(byte[] bytes) {
        return bytes == null ? 1 : Varint.sizeOfVarint(bytes.length) + bytes.length;
    }

    /**
     * Appends a record, or returns null when it does not fit (the batch is then full). Writes the
     * record's bytes once, into the batch buffer.
     */
    public FutureRecordMetadata tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers,
                                          Callback callback) {
        if (closed || full) {
            return null;
        }
        int offsetDelta = recordCount;
        if (recordCount == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int body = sizeOfBody(offsetDelta, timestampDelta, key, value, headers);
        int recordSize = Varint.sizeOfVarint(body) + body;
        if (recordSize > buffer.remaining()) {
            full = true;
            return null;
        }
        if (buffer.hasArray() && headers.length == 0) {
            writeWithoutHeaders(body, timestampDelta, offsetDelta, key, value);
        } else {
            Varint.writeVarint(body, buffer);
            buffer.put((byte) 0);
            Varint.writeVarlong(timestampDelta, buffer);
            Varint.writeVarint(offsetDelta, buffer);
            writeBytes(key);
            writeBytes(value);
            Varint.writeVarint(headers.length, buffer);
            for (Header header : headers) {
                byte[] headerKey = header.key().getBytes(StandardCharsets.UTF_8);
                Varint.writeVarint(headerKey.length, buffer);
                buffer.put(headerKey);
                writeBytes(header.value());
            }
        }
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        if (recordSize > maxRecordSize) {
            maxRecordSize = recordSize;
        }
        recordCount++;
        FutureRecordMetadata future = new FutureRecordMetadata(result, offsetDelta, timestamp,
            key == null ? -1 : key.length, value == null ? -1 : value.length);
        if (callback != null) {
            addCallback(future, callback);
        }
        return future;
    }

    /** The common record (no headers) written straight into the backing array: one position update. */
    private void writeWithoutHeaders(int body, long timestampDelta, int offsetDelta, byte[] key, byte[] value) {
        byte[] array = buffer.array();
        int base = buffer.arrayOffset();
        int at = Varint.writeVarint(body, array, base + buffer.position());
        array[at++] = 0;
        at = Varint.writeVarlong(timestampDelta, array, at);
        at = Varint.writeVarint(offsetDelta, array, at);
        at = writeBytes(key, array, at);
        at = writeBytes(value, array, at);
        array[at++] = 0; // zero headers
        buffer.position(at - base);
    }

    private static int writeBytes(byte[] bytes, byte[] array, int at) {
        if (bytes == null) {
            return Varint.writeVarint(-1, array, at);
        }
        at = Varint.writeVarint(bytes.length, array, at);
        System.arraycopy(bytes, 0, array, at, bytes.length);
        return at + bytes.length;
    }

    private void writeBytes(byte[] bytes) {
        if (bytes == null) {
            Varint.writeVarint(-1, buffer);
        } else {
            Varint.writeVarint(bytes.length, buffer);
            buffer.put(bytes);
        }
    }

    private void addCallback(FutureRecordMetadata future, Callback callback) {
        if (callbackCount == callbacks.length) {
            int capacity = Math.max(16, callbackCount * 2);
            callbacks = Arrays.copyOf(callbacks, capacity);
            callbackFutures = Arrays.copyOf(callbackFutures, capacity);
        }
        callbacks[callbackCount] = callback;
        callbackFutures[callbackCount] = future;
        callbackCount++;
    }

    /** Whether no more records should go in: a record did not fit, or too little space remains for one. */
    public boolean isFull() {
        return full || closed || buffer.remaining() < 8;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The encoded size of the batch's largest record (for record-size-avg/max). */
    int maxRecordSize() {
        return maxRecordSize;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Bytes written so far, uncompressed, header included. */
    public int estimatedSizeInBytes() {
        return closed ? wire.remaining() : buffer.position();
    }

    /**
     * Finishes the batch: compresses the records with {@code compression}, fills the header and
     * the CRC. Afterwards {@link #wireBuffer()} holds the batch's bytes.
     */
    public void close(CompressionType compression) {
        if (closed) {
            return;
        }
        closed = true;
        int end = buffer.position();
        buffer.putLong(BASE_OFFSET_OFFSET, 0L);
        buffer.putInt(LENGTH_OFFSET, end - LOG_OVERHEAD);
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, NO_PARTITION_LEADER_EPOCH);
        buffer.put(MAGIC_OFFSET, MAGIC_V2);
        buffer.putShort(ATTRIBUTES_OFFSET, (short) (transactional ? TRANSACTIONAL_FLAG_MASK : 0));
        buffer.putInt(LAST_OFFSET_DELTA_OFFSET, recordCount - 1);
        buffer.putLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putLong(PRODUCER_ID_OFFSET, producerIdAndEpoch.producerId());
        buffer.putShort(PRODUCER_EPOCH_OFFSET, producerIdAndEpoch.epoch());
        buffer.putInt(BASE_SEQUENCE_OFFSET, baseSequence);
        buffer.putInt(RECORDS_COUNT_OFFSET, recordCount);
        if (compression == CompressionType.NONE) {
            crc.reset();
            crc.update(buffer.array(), buffer.arrayOffset() + ATTRIBUTES_OFFSET, end - ATTRIBUTES_OFFSET);
            buffer.putInt(CRC_OFFSET, (int) crc.getValue());
            wire = buffer.duplicate().position(0).limit(end);
        } else {
            wire = BatchCompressor.compress(buffer.duplicate().position(0).limit(end), compression);
        }
    }

    /** The finished batch's bytes (position 0 .. its end), valid until the buffer returns to the pool. */
    public ByteBuffer wireBuffer() {
        if (!closed) {
            throw new IllegalStateException("Batch for " + topicPartition + " is not closed yet");
        }
        return wire.duplicate();
    }

    /** The batch's buffer, to give back to the pool once the batch is done with if {@link #isPooled()}. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Whether the buffer came from the pool (the pieces of a split batch use their own). */
    boolean isPooled() {
        return pooled;
    }

    /** Bytes of the header and the records as appended, before any compression. */
    int uncompressedSizeInBytes() {
        return buffer.position();
    }

    /**
     * Gives the batch, before it is closed, its producer id, epoch and first sequence, and for a
     * transactional producer the transactional flag, written into the header's attributes at close.
     */
    void setProducerState(ProducerIdAndEpoch producerIdAndEpoch, int baseSequence, boolean transactional) {
        if (closed) {
            throw new IllegalStateException("The producer state of " + this + " is set after it was closed");
        }
        this.producerIdAndEpoch = producerIdAndEpoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
    }

    boolean isTransactional() {
        return transactional;
    }

    /**
     * Gives the batch new sequences (its partition's sequences start again under a new epoch). A
     * closed batch may still be on its way to the broker, so its header is rewritten only when it is
     * drained again ({@link #rewriteHeaderIfReset}).
     */
    void resetProducerState(ProducerIdAndEpoch producerIdAndEpoch, int baseSequence) {
        this.producerIdAndEpoch = producerIdAndEpoch;
        this.baseSequence = baseSequence;
        this.sequenceReset = true;
        this.headerStale = closed;
    }

    /** Writes new producer state and the CRC into the closed batch's header, if they were reset since. */
    void rewriteHeaderIfReset() {
        if (!headerStale) {
            return;
        }
        headerStale = false;
        int at = wire.position();
        wire.putLong(at + PRODUCER_ID_OFFSET, producerIdAndEpoch.producerId());
        wire.putShort(at + PRODUCER_EPOCH_OFFSET, producerIdAndEpoch.epoch());
        wire.putInt(at + BASE_SEQUENCE_OFFSET, baseSequence);
        wire.putInt(at + CRC_OFFSET, (int) new RecordBatchView(wire, at).computeChecksum());
    }

    ProducerIdAndEpoch producerIdAndEpoch() {
        return producerIdAndEpoch;
    }

    int baseSequence() {
        return baseSequence;
    }

    boolean hasSequence() {
        return baseSequence != NO_SEQUENCE;
    }

    /** The sequence of the batch's last record. */
    int lastSequence() {
        return IdempotenceManager.incrementSequence(baseSequence, recordCount - 1);
    }

    /** Whether the batch's sequences were given again after it was first sent. */
    boolean sequenceHasBeenReset() {
        return sequenceReset;
    }

    /**
     * Splits the batch, which the broker refused as too large, into batches of at most
     * {@code targetSizeInBytes} each (at least one record each), in record order, in buffers of
     * their own. Each record keeps its timestamp, key, value, headers and callback; the futures
     * {@code send} returned follow their record into its new batch. An idempotent batch's pieces get
     * consecutive sequences from its base sequence. This batch is then done: do not complete it.
     */
    List<ProducerBatch> split(int targetSizeInBytes) {
        if (!closed || completed) {
            throw new IllegalStateException("Only a closed batch that is not completed can be split: " + this);
        }
        Callback[] callbackOfRecord = new Callback[recordCount];
        for (int i = 0; i < callbackCount; i++) {
            callbackOfRecord[callbackFutures[i].relativeOffset()] = callbacks[i];
        }
        List<ProducerBatch> pieces = new ArrayList<>();
        List<Integer> firstIndexes = new ArrayList<>();
        RecordBatchView view = new RecordBatchView(buffer.duplicate().position(0).limit(buffer.position()), 0);
        BatchRecordIterator records = view.records(Integer.MAX_VALUE);
        RecordView record = new RecordView();
        ProducerBatch piece = null;
        for (int index = 0; records.hasNext(); index++) {
            records.nextInto(record);
            byte[] key = record.keyBytes();
            byte[] value = record.valueBytes();
            Header[] headers = record.headerCount() == 0 ? new Header[0] : record.headers();
            long timestamp = record.timestamp();
            if (piece == null || piece.tryAppend(timestamp, key, value, headers, callbackOfRecord[index]) == null) {
                int size = Math.max(targetSizeInBytes, estimateSizeInBytes(key, value, headers));
                piece = new ProducerBatch(topicPartition, ByteBuffer.allocate(size), createdMs, false);
                piece.tryAppend(timestamp, key, value, headers, callbackOfRecord[index]);
                pieces.add(piece);
                firstIndexes.add(index);
            }
        }
        int sequence = baseSequence;
        for (ProducerBatch split : pieces) {
            if (hasSequence()) {
                split.setProducerState(producerIdAndEpoch, sequence, transactional);
                sequence = IdempotenceManager.incrementSequence(sequence, split.recordCount());
            }
        }
        completed = true;
        Arrays.fill(callbacks, null);
        Arrays.fill(callbackFutures, null);
        result.splitInto(pieces.stream().map(ProducerBatch::result).toList(),
            firstIndexes.stream().mapToInt(Integer::intValue).toArray());
        return pieces;
    }

    int attempts() {
        return attempts;
    }

    void recordAttempt(long nowMs) {
        attempts++;
        lastAttemptMs = nowMs;
    }

    /** Marks the batch as going back to the front of its queue for a retry. */
    void reenqueued(long nowMs) {
        retried = true;
        lastAttemptMs = nowMs;
    }

    boolean inRetry() {
        return retried;
    }

    long lastAttemptMs() {
        return lastAttemptMs;
    }

    /** Whether {@code delivery.timeout.ms} has passed since the first record was appended. */
    boolean hasReachedDeliveryTimeout(long deliveryTimeoutMs, long nowMs) {
        return nowMs - createdMs >= deliveryTimeoutMs;
    }

    public ProduceRequestResult result() {
        return result;
    }

    /**
     * Completes the batch: success with the broker's base offset and log append time (-1 when not
     * given), or failure. Runs each callback, in append order, then releases waiters. Returns false
     * when the batch was already completed.
     */
    public boolean complete(long baseOffset, long logAppendTime, RuntimeException error) {
        if (completed) {
            return false;
        }
        completed = true;
        result.set(baseOffset, logAppendTime, error);
        for (int i = 0; i < callbackCount; i++) {
            try {
                callbacks[i].onCompletion(callbackFutures[i].value(), error);
            } catch (RuntimeException e) {
                LOG.error("A send callback for {} threw; the producer continues", topicPartition, e);
            }
            callbacks[i] = null;
            callbackFutures[i] = null;
        }
        result.done();
        return true;
    }

    public boolean isCompleted() {
        return completed;
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + topicPartition + ", records=" + recordCount + ", bytes=" + estimatedSizeInBytes()
            + ")";
    }
}
