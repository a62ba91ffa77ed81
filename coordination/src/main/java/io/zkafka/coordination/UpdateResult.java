package io.zkafka.coordination;

/**
 * The outcome of one conditional (versioned) write. A failed condition is a value, not an
 * exception: the caller re-reads and decides, nothing is retried blindly. Immutable.
 *
 * @param status what happened
 * @param zkVersion the znode's version after the write when {@link Status#UPDATED}, else -1
 */
public record UpdateResult(Status status, int zkVersion) {
    public enum Status {
        /** The write was applied. */
        UPDATED,
        /** The znode's version was not the expected one: someone else wrote it; re-read. */
        BAD_VERSION,
        /** The znode does not exist (the topic or partition is gone). */
        NO_NODE
    }

    static final UpdateResult BAD_VERSION = new UpdateResult(Status.BAD_VERSION, -1);
    static final UpdateResult NO_NODE = new UpdateResult(Status.NO_NODE, -1);

    static UpdateResult updated(int zkVersion) {
        return new UpdateResult(Status.UPDATED, zkVersion);
    }

    public boolean succeeded() {
        return status == Status.UPDATED;
    }
}
