package io.zkafka.clients.consumer;

import java.util.Objects;
import java.util.Optional;

/** The first offset whose timestamp is at or after a searched time, with that record's timestamp. Immutable. */
public final class OffsetAndTimestamp {
    private final long offset;
    private final long timestamp;
    private final Optional<Integer> leaderEpoch;

    public OffsetAndTimestamp(long offset, long timestamp) {
        this(offset, timestamp, Optional.empty());
    }

    public OffsetAndTimestamp(long offset, long timestamp, Optional<Integer> leaderEpoch) {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset " + offset);
        }
        this.offset = offset;
        this.timestamp = timestamp;
        this.leaderEpoch = leaderEpoch;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    public Optional<Integer> leaderEpoch() {
        return leaderEpoch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetAndTimestamp other && offset == other.offset && timestamp == other.timestamp
            && leaderEpoch.equals(other.leaderEpoch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, leaderEpoch);
    }

    @Override
    public String toString() {
        return "(timestamp=" + timestamp + ", leaderEpoch=" + leaderEpoch.orElse(null) + ", offset=" + offset + ")";
    }
}
