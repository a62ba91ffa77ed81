package io.zkafka.broker.purgatory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PurgatoryTest {
    private final ManualTimer timer = new ManualTimer(0);
    private final Purgatory<String> purgatory = new Purgatory<>(timer);

    /** Completes when {@code ready} is set; counts its completions. */
    private static final class Flagged extends DelayedOperation {
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();

        Flagged(long delayMs) {
            super(delayMs);
        }

        @Override
        public boolean tryComplete() {
            checks.incrementAndGet();
            return ready.get() && forceComplete();
        }

        @Override
        protected void onComplete() {
            completions.incrementAndGet();
        }
    }

    @Test
    void shouldCompleteAtOnceWithoutWatchingWhenTheConditionHolds() {
        Flagged op = new Flagged(1000);
        op.ready.set(true);
        purgatory.tryCompleteElseWatch(op, List.of("a", "b"));
        assertTrue(op.isCompleted());
        assertEquals(0, purgatory.watched());
        assertEquals(0, timer.pending());
    }

    @Test
    void shouldCompleteOnACheckOfAWatchedKeyAndLeaveEveryKey() {
        Flagged op = new Flagged(1000);
        purgatory.tryCompleteElseWatch(op, List.of("a", "b", "c"));
        assertEquals(3, purgatory.watched());
        assertEquals(3, purgatory.watchedKeys());

        assertEquals(0, purgatory.checkAndComplete("a"));
        op.ready.set(true);
        assertEquals(1, purgatory.checkAndComplete("b"));

        assertEquals(1, op.completions.get());
        assertEquals(0, purgatory.watched(), "a completed operation stays under no key");
        assertEquals(0, purgatory.watchedKeys(), "keys nobody watches leave the map");
        assertEquals(0, timer.pending(), "its timeout is cancelled");
        assertEquals(0, purgatory.checkAndComplete("c"));
    }

    @Test
    void shouldExpireWhenItsDelayPassesAndNotBefore() {
        Flagged op = new Flagged(500);
        purgatory.tryCompleteElseWatch(op, List.of("a", "b"));
        timer.advance(499);
        assertFalse(op.isCompleted());
        timer.advance(1);
        assertTrue(op.isCompleted());
        assertEquals(1, op.completions.get());
        assertEquals(0, purgatory.watched(), "an expired operation leaves its keys, even ones that never change");
        assertEquals(0, purgatory.watchedKeys());
    }

    @Test
    void shouldCompleteEveryOperationOfAKeyOnCompleteAll() {
        Flagged onA = new Flagged(1000);
        Flagged onAandB = new Flagged(1000);
        Flagged onB = new Flagged(1000);
        purgatory.tryCompleteElseWatch(onA, List.of("a"));
        purgatory.tryCompleteElseWatch(onAandB, List.of("a", "b"));
        purgatory.tryCompleteElseWatch(onB, List.of("b"));

        purgatory.completeAll("a");

        assertTrue(onA.isCompleted());
        assertTrue(onAandB.isCompleted());
        assertFalse(onB.isCompleted());
        assertEquals(1, purgatory.watched(), "only the operation on b is left");
        assertEquals(1, purgatory.watchedKeys());
        timer.advance(1000);
        assertTrue(onB.isCompleted());
        assertEquals(0, purgatory.watched());
        assertEquals(List.of(1, 1, 1), List.of(onA.completions.get(), onAandB.completions.get(), onB.completions.get()));
    }

    @Test
    void shouldLeaveNoTraceOfAnOperationWatchingAKeyTwice() {
        Flagged op = new Flagged(100);
        purgatory.tryCompleteElseWatch(op, List.of("a", "a"));
        assertEquals(2, purgatory.watched());
        timer.advance(100);
        assertEquals(0, purgatory.watched());
        assertEquals(0, purgatory.watchedKeys());
    }

    @Test
    void shouldCheckOnlyTheOperationsOfTheChangedKey() {
        Flagged onA = new Flagged(1000);
        Flagged onB = new Flagged(1000);
        purgatory.tryCompleteElseWatch(onA, List.of("a"));
        purgatory.tryCompleteElseWatch(onB, List.of("b"));
        int checksOfBBefore = onB.checks.get();
        purgatory.checkAndComplete("a");
        assertEquals(checksOfBBefore, onB.checks.get());
    }

    @Test
    void shouldCompleteExactlyOnceWhenChecksAndTheTimeoutRace() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                Flagged op = new Flagged(10);
                purgatory.tryCompleteElseWatch(op, List.of("a", "b"));
                op.ready.set(true);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> racers = List.of(
                    threads.submit(() -> awaitThen(start, () -> purgatory.checkAndComplete("a"))),
                    threads.submit(() -> awaitThen(start, () -> purgatory.checkAndComplete("b"))),
                    threads.submit(() -> awaitThen(start, () -> timer.advance(10))));
                start.countDown();
                for (Future<?> racer : racers) {
                    racer.get(10, TimeUnit.SECONDS);
                }
                assertEquals(1, op.completions.get(), "round " + round);
            }
            assertEquals(0, purgatory.watched());
            assertEquals(0, purgatory.watchedKeys());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldRunAnExecutorTimeoutOnlyIfNotCancelled() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            TimeoutScheduler scheduler = TimeoutScheduler.of(executor);
            CountDownLatch ran = new CountDownLatch(1);
            AtomicBoolean cancelledRan = new AtomicBoolean();
            scheduler.schedule(() -> cancelledRan.set(true), 20).cancel();
            scheduler.schedule(ran::countDown, 40);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertFalse(cancelledRan.get(), "the cancelled task was due first, and did not run");
        } finally {
            executor.shutdownNow();
        }
    }

    private static void awaitThen(CountDownLatch start, Runnable action) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        action.run();
    }
}
