package io.zkafka.coordination;

/** What {@link CoordinationClient#removeDeadIncarnation} did. */
public enum DeadBrokerRemoval {
    /** The incarnation's registration, and its controller latch node if it had one, were deleted. */
    REMOVED,
    /** Nothing is registered under the id (its session expired, or someone removed it first). */
    GONE,
    /** Another incarnation (a larger broker epoch) holds the id now; nothing was touched. */
    SUPERSEDED
}
