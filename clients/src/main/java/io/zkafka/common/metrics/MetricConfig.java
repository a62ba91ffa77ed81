package io.zkafka.common.metrics;

/**
 * How windowed statistics sample: {@code samples} windows of {@code windowMs} each (Kafka's
 * {@code metrics.num.samples}, default 2, and {@code metrics.sample.window.ms}, default 30 s). A
 * windowed statistic covers the last {@code samples} windows, so at most {@code samples * windowMs}.
 */
public record MetricConfig(int samples, long windowMs) {
    public static final int DEFAULT_SAMPLES = 2;
    public static final long DEFAULT_WINDOW_MS = 30_000L;

    public MetricConfig {
        if (samples < 1) {
            throw new IllegalArgumentException("metrics.num.samples must be at least 1, not " + samples);
        }
        if (windowMs < 1) {
            throw new IllegalArgumentException("metrics.sample.window.ms must be at least 1, not " + windowMs);
        }
    }

    public static MetricConfig defaults() {
        return new MetricConfig(DEFAULT_SAMPLES, DEFAULT_WINDOW_MS);
    }
}
