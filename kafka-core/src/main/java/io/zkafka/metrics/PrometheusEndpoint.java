package io.zkafka.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Serves the broker's metrics in Prometheus' text format at {@code http://host:port/metrics}:
 * the Dropwizard registry through Prometheus' own bridge (names as the JMX exporter's Kafka rules
 * give them, see {@link KafkaPrometheusNames}) and the JVM's metrics. A scrape reads the metrics
 * where they are; nothing is kept or copied between scrapes. The HTTP server's threads are daemon
 * threads of Prometheus' client. One registry per broker, so brokers in one JVM (tests) do not mix.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private final HTTPServer server;

    public PrometheusEndpoint(MetricRegistry metrics, String host, int port) {
        CollectorRegistry registry = new CollectorRegistry();
        new DropwizardExports(metrics, new KafkaPrometheusNames()).register(registry);
        DefaultExports.register(registry);
        try {
            server = new HTTPServer.Builder().withInetSocketAddress(new InetSocketAddress(host, port))
                .withRegistry(registry).withDaemonThreads(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve Prometheus metrics on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
