package io.zkafka.storage.producer;

/**
 * A transaction a commit or abort marker ended: the producer, its first and last offsets in this
 * partition, and whether it was aborted. The transactions seam: {@link ProducerStateManager#completeTxn}
 * takes it off the ongoing transactions (moving the first unstable offset); an aborted one also
 * belongs in the aborted-transaction index beside the segment. Nothing creates one until
 * transactions are served. Immutable.
 */
public record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean isAborted) {
}
