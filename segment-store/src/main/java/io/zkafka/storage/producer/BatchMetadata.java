package io.zkafka.storage.producer;

/**
 * What a partition remembers of one of a producer's recent batches: its sequence range, the offsets
 * it was written at, and its largest timestamp. A resent batch with the same sequence range is a
 * duplicate and is answered with these offsets. Immutable.
 */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {

    public BatchMetadata {
        if (lastOffset < firstOffset || lastOffset - firstOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A batch's offsets run from " + firstOffset + " to no less and at most "
                + "2^31 further, got " + lastOffset);
        }
    }

    /** {@code lastOffset - firstOffset}: the batch's last offset delta. */
    public int offsetDelta() {
        return (int) (lastOffset - firstOffset);
    }

    /**
     * The sequence {@code increment} after {@code sequence}, wrapping from {@link Integer#MAX_VALUE} to 0
     * as Kafka's sequences do.
     */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }
}
