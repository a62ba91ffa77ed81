package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.OffsetResetStrategy;
import io.zkafka.common.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionStateTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    @Test
    void shouldNeedAResetUntilAPositionIsKnown() {
        SubscriptionState state = new SubscriptionState(OffsetResetStrategy.EARLIEST);
        state.assignFromUser(List.of(A, B));
        assertEquals(Map.of(A, OffsetResetStrategy.EARLIEST, B, OffsetResetStrategy.EARLIEST),
            state.partitionsNeedingReset(false));
        state.seek(A, 5);
        state.requestReset(B, OffsetResetStrategy.LATEST);
        assertEquals(Map.of(B, OffsetResetStrategy.LATEST), state.partitionsNeedingReset(false));
        int epoch = state.epoch(B);
        state.markResetInFlight(B, true);
        assertEquals(Map.of(), state.partitionsNeedingReset(false), "a reset in flight is not started twice");
        state.completeReset(B, epoch, 42);
        assertEquals(42L, state.position(B));
    }

    @Test
    void shouldIgnoreAResetAnswerThatASeekOvertook() {
        SubscriptionState state = new SubscriptionState(OffsetResetStrategy.LATEST);
        state.assignFromUser(List.of(A));
        int epoch = state.epoch(A);
        state.seek(A, 7);
        state.completeReset(A, epoch, 100);
        assertEquals(7L, state.position(A));
    }

    @Test
    void shouldFetchAheadOfThePositionAndDropStaleAnswersAfterASeek() {
        SubscriptionState state = new SubscriptionState(OffsetResetStrategy.NONE);
        state.assignFromUser(List.of(A));
        state.seek(A, 10);
        List<SubscriptionState.FetchTarget> targets = state.takeFetchable(0, tp -> true);
        assertEquals(List.of(new SubscriptionState.FetchTarget(A, 10, state.epoch(A))), targets);
        assertEquals(List.of(), state.takeFetchable(0, tp -> true), "one fetch per partition in flight");
        state.advanceFetchPosition(A, targets.get(0).epoch(), 50);
        state.fetchDone(A, 0);
        assertEquals(50L, state.takeFetchable(0, tp -> true).get(0).fetchOffset());
        assertEquals(10L, state.position(A), "the position moves only when poll returns records");
        state.fetchDone(A, 0);
        state.seek(A, 3);
        assertFalse(state.isCurrent(A, targets.get(0).epoch()));
        state.advanceFetchPosition(A, targets.get(0).epoch(), 99);
        assertEquals(3L, state.takeFetchable(0, tp -> true).get(0).fetchOffset());
    }

    @Test
    void shouldNotFetchPausedOrBackingOffPartitions() {
        SubscriptionState state = new SubscriptionState(OffsetResetStrategy.NONE);
        state.assignFromUser(List.of(A, B));
        state.seek(A, 0);
        state.seek(B, 0);
        state.pause(A);
        assertEquals(List.of(B), state.takeFetchable(0, tp -> true).stream()
            .map(SubscriptionState.FetchTarget::partition).toList());
        state.fetchDone(B, 1_000);
        assertEquals(List.of(), state.takeFetchable(999, tp -> true));
        assertEquals(1, state.takeFetchable(1_000, tp -> true).size());
        state.resume(A);
        assertTrue(state.pausedPartitions().isEmpty());
    }

    @Test
    void shouldKeepPositionsOfPartitionsThatStayAssigned() {
        SubscriptionState state = new SubscriptionState(OffsetResetStrategy.NONE);
        state.assignFromUser(List.of(A, B));
        state.seek(A, 11);
        state.assignFromUser(List.of(A));
        assertEquals(11L, state.position(A));
        assertThrows(IllegalStateException.class, () -> state.position(B));
        state.assignFromUser(List.of(A, B));
        assertNull(state.position(B));
    }
}
