package io.zkafka.storage;

/**
 * The answer to "where does leader epoch E end in your log" (KIP-101/279): the largest epoch at most
 * E that this log knows and the offset where the next epoch starts (the log end offset for the
 * latest epoch). Both are {@link #UNDEFINED} when the log cannot tell.
 */
public record EpochEndOffset(int epoch, long endOffset) {
    public static final int UNDEFINED = -1;
    public static final EpochEndOffset UNKNOWN = new EpochEndOffset(UNDEFINED, UNDEFINED);
}
