package io.zkafka.broker.group;

/**
 * Where a group is in its rebalance cycle, as Kafka names the states.
 *
 * <pre>
 *  Empty --join--> PreparingRebalance --all joined / timeout--> CompletingRebalance --leader sync--> Stable
 *    ^                  ^   |                                           |                              |
 *    |                  |   +--no member left-----------------> Empty   +--join, leave, expiry---------+
 *    +-- last member leaves or expires (through PreparingRebalance)     (back to PreparingRebalance)
 *  any state --offsets partition unloaded--> Dead
 *  Empty --every offset expired (OffsetExpiration)--> Dead
 * </pre>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    @Override
    public String toString() {
        return kafkaName;
    }
}
