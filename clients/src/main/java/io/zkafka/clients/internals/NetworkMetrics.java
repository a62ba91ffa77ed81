package io.zkafka.clients.internals;

import io.zkafka.common.MetricName;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.metrics.Sensor;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The connection and request metrics every client has, in its own group with Kafka's names
 * ({@code producer-metrics}, {@code consumer-metrics}, {@code admin-client-metrics}; tag
 * {@code client-id}): connection-count, connection-creation/close-rate and -total, request-rate and
 * -total, request-size-avg/max, outgoing-byte-rate and -total, response-rate and -total,
 * incoming-byte-rate and -total, request-latency-avg/max (unless the client measures it itself).
 * Recorded once per request, response or connection on the I/O thread.
 *
 * <p>Thread-safe (the sensors are).
 */
public final class NetworkMetrics {
    private final Sensor requestsSent;
    private final Sensor responsesReceived;
    /** Null when the client measures request latency itself (the producer: produce requests only). */
    private final Sensor requestLatency;
    private final Sensor connectionsCreated;
    private final Sensor connectionsClosed;
    private final Metrics metrics;
    private final String group;
    private final Map<String, String> tags;

    public NetworkMetrics(Metrics metrics, String group, String clientId) {
        this(metrics, group, clientId, true);
    }

    /** @param requestLatency whether request-latency-avg/max are measured here, over every request */
    public NetworkMetrics(Metrics metrics, String group, String clientId, boolean requestLatency) {
        this.metrics = metrics;
        this.group = group;
        this.tags = Map.of("client-id", clientId);
        requestsSent = metrics.sensor("bytes-sent")
            .addSumMeter(name("outgoing-byte-rate", "The number of outgoing bytes sent to all servers per second"),
                name("outgoing-byte-total", "The total number of outgoing bytes sent to all servers"))
            .addCountMeter(name("request-rate", "The number of requests sent per second"),
                name("request-total", "The total number of requests sent"))
            .addAvgMax(name("request-size-avg", "The average size of requests sent."),
                name("request-size-max", "The maximum size of any request sent."));
        responsesReceived = metrics.sensor("bytes-received")
            .addSumMeter(name("incoming-byte-rate", "The number of bytes read off all sockets per second"),
                name("incoming-byte-total", "The total number of bytes read off all sockets"))
            .addCountMeter(name("response-rate", "The number of responses received per second"),
                name("response-total", "The total number of responses received"));
        this.requestLatency = requestLatency ? metrics.sensor("request-latency")
            .addAvgMax(name("request-latency-avg", "The average request latency in ms"),
                name("request-latency-max", "The maximum request latency in ms")) : null;
        connectionsCreated = metrics.sensor("connections-created")
            .addCountMeter(name("connection-creation-rate", "The number of new connections established per second"),
                name("connection-creation-total", "The total number of new connections established"));
        connectionsClosed = metrics.sensor("connections-closed")
            .addCountMeter(name("connection-close-rate", "The number of connections closed per second"),
                name("connection-close-total", "The total number of connections closed"));
    }

    private MetricName name(String name, String description) {
        return new MetricName(name, group, description, tags);
    }

    /** Registers connection-count, read from the network client. */
    void connectionCount(IntSupplier count) {
        metrics.addMetric(name("connection-count", "The current number of active connections."),
            nowMs -> count.getAsInt());
    }

    void requestSent(int bytes) {
        requestsSent.record(bytes);
    }

    void responseReceived(int bytes, long latencyNanos) {
        long nowMs = System.currentTimeMillis();
        responsesReceived.record(bytes, nowMs);
        if (requestLatency != null) {
            requestLatency.record(latencyNanos / 1_000_000.0, nowMs);
        }
    }

    void connectionCreated() {
        connectionsCreated.record(1);
    }

    void connectionClosed() {
        connectionsClosed.record(1);
    }
}
