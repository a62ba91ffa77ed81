package io.zkafka.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log manager snapshots producer state at a clean shutdown (not at a halt) and expires idle producers. */
@Timeout(60)
class LogManagerProducerStateTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final long PID = 77L;

    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private LogManager manager(long expirationMs, long checkIntervalMs) {
        return new LogManager(LogManager.Settings.of(List.of(root.resolve("d1")), LogConfig.of(Map.of()))
            .withProducerIdExpiration(expirationMs, checkIntervalMs), clock::get);
    }

    private static ByteBuffer oneRecord(int seq, long timestamp) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20).producer(PID, (short) 0, seq);
        builder.append(timestamp, null, new byte[] {1});
        return builder.build();
    }

    @Test
    void shouldSnapshotAtACleanShutdownAndNotAtAHalt() throws IOException {
        LogManager first = manager(86_400_000L, 600_000L);
        first.startup();
        Log log = first.getOrCreateLog(TP);
        for (int seq = 0; seq < 5; seq++) {
            log.append(oneRecord(seq, clock.get()), 0);
        }
        first.close();

        LogManager second = manager(86_400_000L, 600_000L);
        second.startup();
        Log reopened = second.getLog(TP).orElseThrow();
        assertEquals(5, reopened.producerStateLoad().snapshotOffset(), "the shutdown snapshot at the log end");
        assertEquals(0, reopened.producerStateLoad().replayedBatches());
        reopened.append(oneRecord(5, clock.get()), 0);
        second.halt();

        LogManager third = manager(86_400_000L, 600_000L);
        third.startup();
        Log recovered = third.getLog(TP).orElseThrow();
        assertEquals(5, recovered.producerStateLoad().snapshotOffset(), "a halt writes no snapshot");
        assertEquals(1, recovered.producerStateLoad().replayedBatches());
        assertTrue(recovered.append(oneRecord(5, clock.get()), 0).isDuplicate());
        third.close();
    }

    @Test
    void shouldExpireIdleProducersOnItsSchedule() throws Exception {
        LogManager manager = manager(60_000, 20);
        manager.startup();
        try {
            Log log = manager.getOrCreateLog(TP);
            log.append(oneRecord(0, clock.get()), 0);
            assertTrue(log.activeProducers().containsKey(PID));
            clock.addAndGet(60_000);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (log.activeProducers().containsKey(PID)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("producer " + PID + " did not expire within 10 s");
                }
                Thread.sleep(10);
            }
        } finally {
            manager.close();
        }
    }
}
