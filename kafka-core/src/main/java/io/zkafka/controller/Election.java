package io.zkafka.controller;

import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.LeaderAndIsr;
import java.util.Optional;

/**
 * What a leader election decided for one partition: a new state to write, or why there is none
 * ({@link Errors#ELECTION_NOT_NEEDED}, {@link Errors#PREFERRED_LEADER_NOT_AVAILABLE},
 * {@link Errors#ELIGIBLE_LEADERS_NOT_AVAILABLE}). {@code unclean} marks a leader from outside the
 * ISR. Immutable.
 */
public record Election(Optional<LeaderAndIsr> next, Errors error, boolean unclean) {
    static Election elected(LeaderAndIsr next) {
        return new Election(Optional.of(next), Errors.NONE, false);
    }

    static Election electedUnclean(LeaderAndIsr next) {
        return new Election(Optional.of(next), Errors.NONE, true);
    }

    static Election none(Errors why) {
        return new Election(Optional.empty(), why, false);
    }
}
