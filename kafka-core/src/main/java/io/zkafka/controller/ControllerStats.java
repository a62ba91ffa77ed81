package io.zkafka.controller;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The controller's election metrics under Kafka's names:
 * {@code kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs} (a timer over each
 * batch of leader changes the controller writes) and {@code UncleanLeaderElectionsPerSec}.
 * Thread-safe (Dropwizard metrics are).
 */
public final class ControllerStats {
    static final String PREFIX = "kafka.controller:type=ControllerStats,name=";

    private final Timer leaderElections;
    private final Meter uncleanElections;

    public ControllerStats(MetricRegistry registry) {
        this.leaderElections = registry.timer(PREFIX + "LeaderElectionRateAndTimeMs");
        this.uncleanElections = registry.meter(PREFIX + "UncleanLeaderElectionsPerSec");
    }

    void recordLeaderElections(int count, long elapsedNanos) {
        for (int i = 0; i < count; i++) {
            leaderElections.update(elapsedNanos / Math.max(count, 1), TimeUnit.NANOSECONDS);
        }
    }

    void recordUncleanElection() {
        uncleanElections.mark();
    }

    public long leaderElectionCount() {
        return leaderElections.getCount();
    }

    public long uncleanElectionCount() {
        return uncleanElections.getCount();
    }
}
