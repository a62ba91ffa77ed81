package io.zkafka.broker.txn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.common.TopicPartition;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Exactly the moves drawn in {@link TransactionState} are allowed, each checked in the one place a
 * transactional id's state changes; every other move is refused and changes nothing.
 */
class TransactionStateTest {
    private static final Map<TransactionState, Set<TransactionState>> DRAWN = Map.of(
        TransactionState.EMPTY, EnumSet.of(TransactionState.EMPTY, TransactionState.COMPLETE_COMMIT,
            TransactionState.COMPLETE_ABORT),
        TransactionState.ONGOING, EnumSet.of(TransactionState.ONGOING, TransactionState.EMPTY,
            TransactionState.COMPLETE_COMMIT, TransactionState.COMPLETE_ABORT),
        TransactionState.PREPARE_COMMIT, EnumSet.of(TransactionState.ONGOING),
        TransactionState.PREPARE_ABORT, EnumSet.of(TransactionState.ONGOING, TransactionState.PREPARE_EPOCH_FENCE),
        TransactionState.COMPLETE_COMMIT, EnumSet.of(TransactionState.PREPARE_COMMIT),
        TransactionState.COMPLETE_ABORT, EnumSet.of(TransactionState.PREPARE_ABORT),
        TransactionState.DEAD, EnumSet.of(TransactionState.EMPTY, TransactionState.COMPLETE_COMMIT,
            TransactionState.COMPLETE_ABORT),
        TransactionState.PREPARE_EPOCH_FENCE, EnumSet.of(TransactionState.ONGOING));

    private static TransactionMetadata in(TransactionState state) {
        return new TransactionMetadata("t", 0, new TransactionLogRecords.Value(1L, (short) 4, 1000, state,
            Set.of(new TopicPartition("a", 0)), 10L, 5L));
    }

    private static TransactionMetadata.Transition to(TransactionState state) {
        return new TransactionMetadata.Transition(1L, (short) 4, (short) -1, 1000, state, Set.of(), 5L, 20L);
    }

    @Test
    void shouldAllowExactlyTheDrawnMoves() {
        for (TransactionState next : TransactionState.values()) {
            assertEquals(DRAWN.get(next), next.validPreviousStates(), "previous states of " + next);
            for (TransactionState from : TransactionState.values()) {
                TransactionMetadata txn = in(from);
                if (next == TransactionState.PREPARE_EPOCH_FENCE) {
                    continue; // entered only by fencing, below
                }
                TransactionMetadata.Transition move = to(next);
                if (DRAWN.get(next).contains(from)) {
                    assertDoesNotThrow(() -> txn.complete(txn.prepare(move)), from + " -> " + next);
                    assertEquals(next, txn.state());
                } else {
                    assertThrows(IllegalStateException.class, () -> txn.prepare(move), from + " -> " + next);
                    assertEquals(from, txn.state(), "a refused move changes nothing");
                }
            }
        }
    }

    @Test
    void shouldFenceOnlyAnOngoingTransactionAndOnlyOnce() {
        for (TransactionState from : TransactionState.values()) {
            TransactionMetadata txn = in(from);
            if (from == TransactionState.ONGOING) {
                txn.fenceProducerEpoch(30L);
                assertEquals(TransactionState.PREPARE_EPOCH_FENCE, txn.state());
                assertEquals(5, txn.producerEpoch());
                assertEquals(4, txn.lastProducerEpoch());
                txn.fenceProducerEpoch(40L);
                assertEquals(5, txn.producerEpoch(), "a failed abort is retried without another bump");
                txn.complete(txn.prepare(txn.prepareEnd(false, 50L)));
                assertEquals(TransactionState.PREPARE_ABORT, txn.state());
            } else if (from != TransactionState.PREPARE_EPOCH_FENCE) {
                assertThrows(IllegalStateException.class, () -> txn.fenceProducerEpoch(30L), "from " + from);
            }
        }
    }

    @Test
    void shouldRefuseASecondPendingMoveAndACompletionThatWasNotPrepared() {
        TransactionMetadata txn = in(TransactionState.ONGOING);
        TransactionMetadata.Transition commit = txn.prepare(to(TransactionState.PREPARE_COMMIT));
        assertThrows(IllegalStateException.class, () -> txn.prepare(to(TransactionState.PREPARE_ABORT)));
        assertThrows(IllegalStateException.class, () -> txn.complete(to(TransactionState.PREPARE_COMMIT)));
        txn.abandon(commit);
        assertEquals(TransactionState.ONGOING, txn.state());
        txn.complete(txn.prepare(to(TransactionState.PREPARE_ABORT)));
        assertEquals(TransactionState.PREPARE_ABORT, txn.state());
    }

    @Test
    void shouldKnowKafkasNamesAndIds() {
        assertEquals("PrepareEpochFence", TransactionState.PREPARE_EPOCH_FENCE.displayName);
        assertEquals(7, TransactionState.PREPARE_EPOCH_FENCE.id);
        assertEquals(TransactionState.COMPLETE_ABORT, TransactionState.forDisplayName("CompleteAbort"));
        assertEquals(null, TransactionState.forDisplayName("completeabort"));
    }
}
