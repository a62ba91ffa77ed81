package io.zkafka.clients.consumer;

import java.util.Objects;
import java.util.Optional;

/** A committed offset: the next offset to read, the leader epoch of the record before it if known, and free-form metadata. */
public final class OffsetAndMetadata {
    private final long offset;
    private final String metadata;
    private final Integer leaderEpoch;

    public OffsetAndMetadata(long offset) {
        this(offset, "");
    }

    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, Optional.empty(), metadata);
    }

    public OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset " + offset);
        }
        this.offset = offset;
        this.leaderEpoch = leaderEpoch.orElse(null);
        this.metadata = metadata == null ? "" : metadata;
    }

    public long offset() {
        return offset;
    }

    public String metadata() {
        return metadata;
    }

    public Optional<Integer> leaderEpoch() {
        return Optional.ofNullable(leaderEpoch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetAndMetadata other && offset == other.offset && metadata.equals(other.metadata)
            && Objects.equals(leaderEpoch, other.leaderEpoch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, metadata, leaderEpoch);
    }

    @Override
    public String toString() {
        return "OffsetAndMetadata{offset=" + offset + ", leaderEpoch=" + leaderEpoch + ", metadata='" + metadata + "'}";
    }
}
