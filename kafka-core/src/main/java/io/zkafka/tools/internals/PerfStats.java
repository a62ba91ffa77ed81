package io.zkafka.tools.internals;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Latency and throughput of the producer perf test, counted and printed as Kafka's
 * {@code ProducerPerformance} does: every {@value #REPORTING_INTERVAL_MS} ms a window line
 *
 * <pre>
 * 2000 records sent, 399.9 records/sec (0.04 MB/sec), 2.3 ms avg latency, 41.0 ms max latency.
 * </pre>
 *
 * and at the end the total line, whose records/sec has six decimals like Kafka's ({@code %f}):
 *
 * <pre>
 * 20000 records sent, 9980.039920 records/sec (0.95 MB/sec), 3.12 ms avg latency, 180.00 ms max latency,
 *     2 ms 50th, 6 ms 95th, 15 ms 99th, 170 ms 99.9th.
 * </pre>
 *
 * (one line). Every record counts in the averages; for the percentiles only every Nth completion is
 * kept, N chosen so that at most about 500,000 samples are held, whatever the record count.
 *
 * <p>Confined to the producer's sender thread (where callbacks run) while records are in flight;
 * read by the main thread only after the producer is closed, which joins that thread.
 */
public final class PerfStats {
    static final long REPORTING_INTERVAL_MS = 5000;
    private static final int MAX_SAMPLES = 500_000;

    private final PrintStream out;
    private final long start;
    private final long sampling;
    private final int[] latencies;
    private int index;
    private long iteration;
    private long count;
    private long bytes;
    private int maxLatency;
    private long totalLatency;
    private long windowStart;
    private long windowCount;
    private long windowBytes;
    private int windowMaxLatency;
    private long windowTotalLatency;

    public PerfStats(long numRecords, long startMs, PrintStream out) {
        if (numRecords <= 0) {
            throw new IllegalArgumentException("numRecords must be positive: " + numRecords);
        }
        this.out = out;
        this.start = startMs;
        this.windowStart = startMs;
        this.sampling = numRecords / Math.min(numRecords, MAX_SAMPLES);
        this.latencies = new int[(int) (numRecords / sampling) + 1];
    }

    /** One acknowledged record: its latency, its size, and the time now (for the window lines). */
    public void record(int latencyMs, int recordBytes, long nowMs) {
        count++;
        bytes += recordBytes;
        totalLatency += latencyMs;
        maxLatency = Math.max(maxLatency, latencyMs);
        windowCount++;
        windowBytes += recordBytes;
        windowTotalLatency += latencyMs;
        windowMaxLatency = Math.max(windowMaxLatency, latencyMs);
        if (iteration % sampling == 0 && index < latencies.length) {
            latencies[index++] = latencyMs;
        }
        iteration++;
        if (nowMs - windowStart >= REPORTING_INTERVAL_MS) {
            printWindow(nowMs);
            windowStart = nowMs;
            windowCount = 0;
            windowBytes = 0;
            windowMaxLatency = 0;
            windowTotalLatency = 0;
        }
    }

    public long count() {
        return count;
    }

    private void printWindow(long nowMs) {
        long elapsed = Math.max(1, nowMs - windowStart);
        out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
            windowCount, 1000.0 * windowCount / elapsed, 1000.0 * windowBytes / elapsed / (1024.0 * 1024.0),
            windowTotalLatency / (double) windowCount, (double) windowMaxLatency);
    }

    public void printTotal(long nowMs) {
        long elapsed = Math.max(1, nowMs - start);
        int[] percentiles = percentiles(0.5, 0.95, 0.99, 0.999);
        out.printf("%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
            count, 1000.0 * count / elapsed, 1000.0 * bytes / elapsed / (1024.0 * 1024.0),
            count == 0 ? 0.0 : totalLatency / (double) count, (double) maxLatency,
            percentiles[0], percentiles[1], percentiles[2], percentiles[3]);
    }

    int[] percentiles(double... ranks) {
        Arrays.sort(latencies, 0, index);
        int[] values = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            values[i] = index == 0 ? 0 : latencies[(int) (ranks[i] * index)];
        }
        return values;
    }
}
