package io.zkafka.storage.producer;

/**
 * A transaction a commit or abort marker ended: the producer, its first offset and the marker's
 * offset in this partition, and whether it was aborted. {@link ProducerStateManager#completeTxn} takes
 * it off the ongoing transactions (moving the first unstable offset) and, if it was aborted, writes it
 * to the aborted-transaction index of the segment holding the marker. Immutable.
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean isAborted) {
}
