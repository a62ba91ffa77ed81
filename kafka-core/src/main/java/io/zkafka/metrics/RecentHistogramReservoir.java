package io.zkafka.metrics;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A Dropwizard reservoir over HdrHistogram: every value is counted (two significant digits), and a
 * snapshot describes the values of the current window and the one before it, so between one and two
 * windows of the most recent values. Recording is wait-free, a few array increments on the caller's
 * thread; the work of merging and rotating is done by the reader ({@link #getSnapshot}), which
 * a metrics reporter calls every few seconds, not once per request.
 *
 * <p>Values recorded while nobody reads are counted into the window current when they are next
 * read. Negative values count as zero.
 */
public final class RecentHistogramReservoir implements Reservoir {
    /** The values a snapshot lists in {@link Snapshot#getValues()}: evenly spaced quantiles. */
    static final int LISTED_VALUES = 1028;

    private final Recorder recorder = new Recorder(2);
    private final long windowNanos;
    private final LongSupplier clock;
    private Histogram interval;
    private Histogram current = new Histogram(2);
    private Histogram previous = new Histogram(2);
    private long currentStartNanos;

    public RecentHistogramReservoir(long window, TimeUnit unit) {
        this(window, unit, System::nanoTime);
    }

    RecentHistogramReservoir(long window, TimeUnit unit, LongSupplier clock) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.windowNanos = unit.toNanos(window);
        this.clock = clock;
        this.currentStartNanos = clock.getAsLong();
    }

    @Override
    public void update(long value) {
        recorder.recordValue(Math.max(0, value));
    }

    /** The number of values recorded in the recent windows. */
    @Override
    public synchronized int size() {
        drainAndRotate();
        return (int) Math.min(Integer.MAX_VALUE, current.getTotalCount() + previous.getTotalCount());
    }

    @Override
    public synchronized Snapshot getSnapshot() {
        drainAndRotate();
        Histogram merged = current.copy();
        merged.add(previous);
        return new HistogramSnapshot(merged);
    }

    /** Drains what was recorded into the current window, after rotating the windows if due. */
    private void drainAndRotate() {
        interval = recorder.getIntervalHistogram(interval);
        long now = clock.getAsLong();
        long elapsed = now - currentStartNanos;
        if (elapsed >= 2 * windowNanos) {
            previous.reset();
            current.reset();
            currentStartNanos = now;
        } else if (elapsed >= windowNanos) {
            Histogram emptied = previous;
            previous = current;
            emptied.reset();
            current = emptied;
            currentStartNanos += windowNanos;
        }
        current.add(interval);
    }

    /** An immutable view of one merged histogram. */
    private static final class HistogramSnapshot extends Snapshot {
        private final Histogram histogram;
        private final boolean empty;

        HistogramSnapshot(Histogram histogram) {
            this.histogram = histogram;
            this.empty = histogram.getTotalCount() == 0;
        }

        @Override
        public double getValue(double quantile) {
            if (quantile < 0.0 || quantile > 1.0 || Double.isNaN(quantile)) {
                throw new IllegalArgumentException(quantile + " is not in [0..1]");
            }
            return empty ? 0.0 : histogram.getValueAtPercentile(quantile * 100.0);
        }

        @Override
        public long[] getValues() {
            if (empty) {
                return new long[0];
            }
            long[] values = new long[LISTED_VALUES];
            for (int i = 0; i < LISTED_VALUES; i++) {
                values[i] = histogram.getValueAtPercentile(100.0 * (i + 1) / LISTED_VALUES);
            }
            return values;
        }

        /** The number of values {@link #getValues()} lists. */
        @Override
        public int size() {
            return empty ? 0 : LISTED_VALUES;
        }

        @Override
        public long getMax() {
            return empty ? 0 : histogram.getMaxValue();
        }

        @Override
        public double getMean() {
            return empty ? 0.0 : histogram.getMean();
        }

        @Override
        public long getMin() {
            return empty ? 0 : histogram.getMinValue();
        }

        @Override
        public double getStdDev() {
            return empty ? 0.0 : histogram.getStdDeviation();
        }

        @Override
        public void dump(OutputStream output) {
            try (PrintWriter out = new PrintWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8))) {
                for (long value : getValues()) {
                    out.printf("%d%n", value);
                }
            }
        }
    }
}
