package io.zkafka.clients.admin;

import java.util.OptionalInt;

/** Options of {@link Admin#describeProducers}: which broker to ask (default: each partition's leader). */
public class DescribeProducersOptions {
    private OptionalInt brokerId = OptionalInt.empty();

    /** Asks this broker (any replica keeps the producer state it has replicated) instead of the leader. */
    public DescribeProducersOptions brokerId(int brokerId) {
        this.brokerId = OptionalInt.of(brokerId);
        return this;
    }

    public OptionalInt brokerId() {
        return brokerId;
    }
}
