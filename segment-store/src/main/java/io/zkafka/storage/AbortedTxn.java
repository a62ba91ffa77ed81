package io.zkafka.storage;

/**
 * A transaction its coordinator aborted, as a partition's aborted-transaction index keeps it: the
 * producer, the offsets of its first batch and of its abort marker in this partition, and the last
 * stable offset right after the marker was appended (the first offset of the oldest transaction
 * still open then, or the marker's offset + 1). Read_committed consumers drop the producer's
 * transactional records from {@code firstOffset} up to the marker. Immutable.
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
