package io.zkafka.broker.purgatory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TickedTimeoutSchedulerTest {
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    private final TickedTimeoutScheduler scheduler = new TickedTimeoutScheduler(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void shouldQueueOneExecutorTaskPerTickNotPerTimeout() {
        List<TimeoutScheduler.Cancellable> timeouts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 5000; i++) {
            timeouts.add(scheduler.schedule(() -> { }, 10_000));
        }
        long elapsedTicks = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / TickedTimeoutScheduler.COARSE_TICK_MS;
        assertTrue(executor.getQueue().size() <= elapsedTicks + 2,
            executor.getQueue().size() + " executor tasks for 5,000 timeouts scheduled over " + elapsedTicks + " ticks");
        timeouts.forEach(TimeoutScheduler.Cancellable::cancel);
    }

    @Test
    void shouldRunEveryTimeoutNeverEarly() throws Exception {
        int count = 20;
        CountDownLatch ran = new CountDownLatch(count);
        AtomicLongArray lateness = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            long delayMs = i % 2 == 0 ? 30 : 150;
            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
            scheduler.schedule(() -> {
                lateness.set(index, System.nanoTime() - due);
                ran.countDown();
            }, delayMs);
        }
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        for (int i = 0; i < count; i++) {
            assertTrue(lateness.get(i) >= 0, "timeout " + i + " ran " + -lateness.get(i) + " ns early");
        }
        assertEquals(0, scheduler.pendingBuckets());
    }

    @Test
    void shouldRunTheOtherTimeoutsOfATickWhenOneFails() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);
        scheduler.schedule(ran::countDown, 1_000);
        scheduler.schedule(() -> {
            throw new IllegalStateException("a failing timeout (expected in this test)");
        }, 1_000);
        scheduler.schedule(ran::countDown, 1_000);
        assertTrue(ran.await(30, TimeUnit.SECONDS), ran.getCount() + " of the tick's other timeouts did not run");
    }

    @Test
    void shouldNotRunACancelledTimeoutAndForgetItsAction() throws Exception {
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch kept = new CountDownLatch(1);
        TimeoutScheduler.Cancellable cancelled = scheduler.schedule(cancelledRuns::incrementAndGet, 20);
        scheduler.schedule(kept::countDown, 40);
        cancelled.cancel();
        cancelled.cancel();
        assertTrue(kept.await(30, TimeUnit.SECONDS));
        TestUtils.waitForCondition(() -> scheduler.pendingBuckets() == 0, Duration.ofSeconds(30),
            () -> scheduler.pendingBuckets() + " buckets still pending");
        assertEquals(0, cancelledRuns.get());
    }

    @Test
    void shouldRunEveryTimeoutExactlyOnceWhenSchedulingRacesATickExpiring() throws Exception {
        int threads = 4;
        int perThread = 5000;
        AtomicLong runs = new AtomicLong();
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch allRan = new CountDownLatch(threads * perThread / 2);
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (i % 2 == 0) {
                            scheduler.schedule(() -> {
                                runs.incrementAndGet();
                                allRan.countDown();
                            }, i % 3);
                        } else {
                            // due a second later: a delay of 0-2 ms could legitimately run before the
                            // cancel on a loaded machine (the caller descheduled in between)
                            scheduler.schedule(cancelledRuns::incrementAndGet, 1_000 + i % 3).cancel();
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
            assertTrue(allRan.await(30, TimeUnit.SECONDS), allRan.getCount() + " timeouts never ran");
            TestUtils.waitForCondition(() -> scheduler.pendingBuckets() == 0, Duration.ofSeconds(30),
                () -> scheduler.pendingBuckets() + " buckets still pending");
            assertEquals(threads * perThread / 2, runs.get());
            assertEquals(0, cancelledRuns.get());
        } finally {
            callers.shutdownNow();
        }
        assertFalse(executor.isShutdown());
    }
}
