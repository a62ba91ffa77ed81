package io.zkafka.common.metrics;

import java.util.Arrays;

/**
 * A statistic over a ring of sample windows (preallocated, so recording allocates nothing). A value
 * goes into the current window; once that window is {@code windowMs} old the next one starts, and a
 * window older than {@code samples * windowMs} no longer counts. Subclasses say how a window folds
 * values in and how the live windows combine.
 */
public abstract class SampledStat implements MeasurableStat {
    /** The start of a window holding nothing. */
    static final long UNUSED = Long.MIN_VALUE;

    private final int samples;
    private final long windowMs;
    private final long[] starts;
    private final double[] values;
    private final long[] counts;
    private int current;

    protected SampledStat(MetricConfig config) {
        this.samples = config.samples();
        this.windowMs = config.windowMs();
        this.starts = new long[samples];
        this.values = new double[samples];
        this.counts = new long[samples];
        Arrays.fill(starts, UNUSED);
        Arrays.fill(values, initialValue());
    }

    /** A window's value before anything is recorded in it. */
    protected abstract double initialValue();

    /** A window's value after {@code value} is recorded in it. */
    protected abstract double update(double windowValue, double value);

    /** The statistic over the windows; a window with count 0 holds nothing. */
    protected abstract double combine(double[] windowValues, long[] windowCounts);

    @Override
    public void record(double value, long nowMs) {
        if (starts[current] == UNUSED) {
            starts[current] = nowMs;
        } else if (nowMs - starts[current] >= windowMs) {
            current = (current + 1) % samples;
            reset(current, nowMs);
        }
        values[current] = update(values[current], value);
        counts[current]++;
    }

    @Override
    public double measure(long nowMs) {
        purgeObsolete(nowMs);
        return combine(values, counts);
    }

    /** The start of the oldest live window, or {@link #UNUSED} when none holds anything. Call after measure. */
    long oldestStart() {
        long oldest = UNUSED;
        for (int i = 0; i < samples; i++) {
            if (starts[i] != UNUSED && (oldest == UNUSED || starts[i] < oldest)) {
                oldest = starts[i];
            }
        }
        return oldest;
    }

    private void purgeObsolete(long nowMs) {
        long maxAgeMs = samples * windowMs;
        for (int i = 0; i < samples; i++) {
            if (starts[i] != UNUSED && nowMs - starts[i] >= maxAgeMs) {
                reset(i, UNUSED);
            }
        }
    }

    private void reset(int sample, long start) {
        starts[sample] = start;
        values[sample] = initialValue();
        counts[sample] = 0;
    }
}
