package io.zkafka.broker.network;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.metrics.RecentHistogramReservoir;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Request rate, latency and error rate per API, named as Kafka's JMX beans are
 * ({@code kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce}). Thread-safe.
 */
public final class RequestMetrics {
    private final Map<ApiKeys, Timer> totalTime = new EnumMap<>(ApiKeys.class);
    private final Map<ApiKeys, Meter> errors = new EnumMap<>(ApiKeys.class);
    private final Meter rejectedConnections;

    public RequestMetrics(MetricRegistry registry) {
        for (ApiKeys key : ApiKeys.values()) {
            String request = requestName(key);
            totalTime.put(key, registry.timer("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + request,
                RequestMetrics::newTimer));
            errors.put(key, registry.meter("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=" + request));
        }
        rejectedConnections = registry.meter("kafka.network:type=SocketServer,name=MalformedRequestsPerSec");
    }

    /**
     * A timer updated once per request, over HdrHistogram ({@link RecentHistogramReservoir}): its
     * update is a few array increments. Dropwizard's decaying reservoirs insert nearly every value
     * into a skip list (their weights grow with time, so a new value outranks the oldest): the
     * default one under a lock, a tenth of a broker's own CPU under a producer sending small
     * requests; the lock-free one still 3% of the broker's CPU under Kafka's latency tool.
     */
    private static Timer newTimer() {
        return new Timer(new RecentHistogramReservoir(1, TimeUnit.MINUTES));
    }

    /** Kafka's request names: PRODUCE -> Produce, LIST_OFFSETS -> ListOffsets. */
    static String requestName(ApiKeys key) {
        StringBuilder name = new StringBuilder();
        for (String word : key.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return name.toString();
    }

    public void record(ApiKeys key, long nanos, boolean failed) {
        totalTime.get(key).update(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            errors.get(key).mark();
        }
    }

    public void recordRejectedConnection() {
        rejectedConnections.mark();
    }
}
