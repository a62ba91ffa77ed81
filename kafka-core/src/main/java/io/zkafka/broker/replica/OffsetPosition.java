package io.zkafka.broker.replica;

/**
 * Where an offset of a leader's log lies among the bytes the leader appended in its current term:
 * {@code bytes} appended in {@code term} before {@code offset}, or {@link #UNKNOWN_BYTES} for an
 * offset the leader cannot place (below its term's first append, or inside a run of batches it no
 * longer remembers). Two known positions of one term tell how many bytes lie between their offsets
 * without reading the log; positions of different terms never compare (the log may have been
 * truncated and rewritten between them). The counterpart of Kafka's log offset metadata, counted in
 * appended bytes rather than segment file positions, so a segment roll changes nothing. Immutable.
 */
public record OffsetPosition(long offset, long term, long bytes) {
    public static final long UNKNOWN_BYTES = -1;

    public boolean isKnown() {
        return bytes != UNKNOWN_BYTES;
    }

    /** Whether bytes between this position and {@code other} can be counted. */
    public boolean comparableWith(OffsetPosition other) {
        return term == other.term && isKnown() && other.isKnown();
    }
}
