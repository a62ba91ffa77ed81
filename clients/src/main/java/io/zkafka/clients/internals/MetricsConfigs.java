package io.zkafka.clients.internals;

import static io.zkafka.common.config.ConfigDef.Importance.LOW;
import static io.zkafka.common.config.ConfigDef.Type.INT;
import static io.zkafka.common.config.ConfigDef.Type.LONG;

import io.zkafka.common.config.AbstractConfig;
import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.Validators;
import io.zkafka.common.metrics.MetricConfig;
import io.zkafka.common.metrics.Metrics;

/** The keys that shape the clients' windowed metrics, Kafka's names and defaults; shared by the three clients. */
public final class MetricsConfigs {
    public static final String METRICS_SAMPLE_WINDOW_MS_CONFIG = "metrics.sample.window.ms";
    public static final String METRICS_NUM_SAMPLES_CONFIG = "metrics.num.samples";

    public static final ConfigDef CLIENT = new ConfigDef()
        .define(METRICS_SAMPLE_WINDOW_MS_CONFIG, LONG, MetricConfig.DEFAULT_WINDOW_MS, Validators.atLeast(1), LOW,
            "The window of one sample of the client's rates, averages and maxima (metrics()).")
        .define(METRICS_NUM_SAMPLES_CONFIG, INT, MetricConfig.DEFAULT_SAMPLES, Validators.atLeast(1), LOW,
            "How many sample windows the client's rates, averages and maxima cover.");

    private MetricsConfigs() {
    }

    /** A client's metric registry as its config asks. */
    public static Metrics newMetrics(AbstractConfig config) {
        return new Metrics(new MetricConfig(config.getInt(METRICS_NUM_SAMPLES_CONFIG),
            config.getLong(METRICS_SAMPLE_WINDOW_MS_CONFIG)));
    }
}
