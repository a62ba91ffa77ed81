package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import io.zkafka.test.TestUtils;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender's timer for its next run, on a real I/O thread with no broker (a refused address): its
 * metadata refresh has failed, so every run has the same deadline, the end of the refresh backoff,
 * until a queued batch brings the shorter wait of a sender with work. Runs are queued with
 * {@link Sender#wakeup}; a task queued after them on the I/O thread reads the timer they left.
 */
@Timeout(30)
class SenderTimerTest {
    private static final long REFRESH_BACKOFF_MS = 60_000;
    private static final long PARK_WITH_WORK_MS = 100;
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private NetworkClient network;
    private RecordAccumulator accumulator;
    private Sender sender;

    @BeforeEach
    void startASenderWaitingOutAFailedRefresh() throws Exception {
        String nowhere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = "127.0.0.1:" + socket.getLocalPort();
        }
        network = new NetworkClient("sender-timer-test", 1 << 20, 5_000);
        Metadata metadata = new Metadata(network, List.of(nowhere), REFRESH_BACKOFF_MS, REFRESH_BACKOFF_MS, 5_000,
            false, true);
        Throwable refused = metadata.refresh().handle((cluster, e) -> e).get(10, TimeUnit.SECONDS);
        assertNotNull(refused, "nothing listens at " + nowhere);
        accumulator = new RecordAccumulator(1024, CompressionType.NONE, 0L, 100L, 120_000,
            new BufferPool(1 << 20, 1024), () -> sender.wakeup());
        sender = new Sender(network, metadata, accumulator, (short) 1, 1 << 20, 30_000, 0, 120_000, 5);
    }

    @AfterEach
    void close() throws InterruptedException {
        sender.forceClose();
        sender.awaitTermination(10_000);
        network.close();
    }

    /** Runs the sender once, then answers the timer it left (read on the I/O thread, which owns it). */
    private ScheduledFuture<?> runAndReadTimer() throws Exception {
        sender.wakeup();
        return timerAfterQueuedRuns();
    }

    private ScheduledFuture<?> timerAfterQueuedRuns() throws Exception {
        return network.ioThread().submit(() -> sender.armedTimer()).get(10, TimeUnit.SECONDS);
    }

    private void queueABatch() throws InterruptedException {
        long nowMs = System.currentTimeMillis();
        accumulator.append(TP, nowMs, null, new byte[10], new Header[0], null, 1_000L, false, nowMs);
    }

    @Test
    void shouldArmTheTimerOnceForManyRunsWithTheSameDeadline() throws Exception {
        ScheduledFuture<?> first = runAndReadTimer();
        assertNotNull(first);
        for (int run = 0; run < 100; run++) {
            assertSame(first, runAndReadTimer(), "run " + run + " re-armed the timer");
        }
        assertTrue(first.getDelay(TimeUnit.MILLISECONDS) > PARK_WITH_WORK_MS, "waits out the refresh backoff");
    }

    @Test
    void shouldReArmWhenARunHasAnEarlierDeadline() throws Exception {
        ScheduledFuture<?> backoff = runAndReadTimer();
        queueABatch();
        ScheduledFuture<?> withWork = timerAfterQueuedRuns();
        assertNotSame(backoff, withWork);
        assertTrue(backoff.isCancelled(), "the later timer is cancelled");
        assertTrue(withWork.getDelay(TimeUnit.MILLISECONDS) <= PARK_WITH_WORK_MS, withWork.toString());
    }

    @Test
    void shouldArmANewTimerAfterTheArmedOneFired() throws Exception {
        queueABatch();
        ScheduledFuture<?> fired = timerAfterQueuedRuns();
        assertNotNull(fired);
        TestUtils.retryUntilPassing(Duration.ofSeconds(10), () -> assertNotSame(fired, timerAfterQueuedRuns(),
            "the run the timer queued arms the next"));
        assertTrue(fired.isDone() && !fired.isCancelled(), "the first timer fired");
        assertNotNull(timerAfterQueuedRuns(), "a sender with work always has a timer");
    }

    @Test
    void shouldCancelTheTimerWhenTheSenderFinishes() throws Exception {
        ScheduledFuture<?> armed = runAndReadTimer();
        sender.initiateClose();
        assertTrue(sender.awaitTermination(10_000));
        assertNull(timerAfterQueuedRuns());
        assertTrue(armed.isCancelled());
    }
}
