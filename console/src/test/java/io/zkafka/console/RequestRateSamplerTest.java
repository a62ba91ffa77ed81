package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.common.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestRateSamplerTest {
    private static final Node NODE = new Node(3, "broker3.example", 9092);

    private static Config config(String port, String host) {
        List<ConfigEntry> entries = new ArrayList<>();
        if (port != null) {
            entries.add(new ConfigEntry(RequestRateSampler.PORT_KEY, port));
        }
        if (host != null) {
            entries.add(new ConfigEntry(RequestRateSampler.HOST_KEY, host));
        }
        return new Config(entries);
    }

    @Test
    void theEndpointComesFromTheBrokersPortAndHost() {
        assertEquals(new RequestRateSampler.Status("http://10.0.0.5:7071/metrics", null),
            RequestRateSampler.endpoint(NODE, config("7071", "10.0.0.5")));
        // every interface, or no host: the broker's own address
        assertEquals("http://broker3.example:7071/metrics", RequestRateSampler.endpoint(NODE, config("7071", "0.0.0.0")).endpoint());
        assertEquals("http://broker3.example:7071/metrics", RequestRateSampler.endpoint(NODE, config("7071", "")).endpoint());
        assertEquals("http://broker3.example:7071/metrics", RequestRateSampler.endpoint(NODE, config("7071", null)).endpoint());
        assertEquals("http://[::1]:7071/metrics", RequestRateSampler.endpoint(NODE, config("7071", "::1")).endpoint());
    }

    @Test
    void noPortOrAFreePortIsSaidPlainly() {
        assertEquals(new RequestRateSampler.Status(null, "it has no Prometheus endpoint (metrics.prometheus.port is not set)"),
            RequestRateSampler.endpoint(NODE, config("-1", "127.0.0.1")));
        assertEquals(new RequestRateSampler.Status(null, "it has no Prometheus endpoint (metrics.prometheus.port is not set)"),
            RequestRateSampler.endpoint(NODE, config(null, null)));
        assertEquals(new RequestRateSampler.Status(null, "its Prometheus endpoint is on a port chosen at start "
            + "(metrics.prometheus.port=0), which its configs do not tell"), RequestRateSampler.endpoint(NODE, config("0", null)));
        assertEquals(new RequestRateSampler.Status(null, "metrics.prometheus.port is 'x', not a port"),
            RequestRateSampler.endpoint(NODE, config("x", null)));
    }

    @Test
    void requestCountsArePerApi() {
        assertEquals(Map.of("Produce", 12.0, "Fetch", 40.0), RequestRateSampler.requestCounts("""
            # TYPE kafka_network_requestmetrics_totaltimems summary
            kafka_network_requestmetrics_totaltimems{request="Produce",quantile="0.99",} 0.002
            kafka_network_requestmetrics_totaltimems_count{request="Produce",} 12.0
            kafka_network_requestmetrics_totaltimems_count{request="Fetch",} 40.0
            kafka_network_requestmetrics_errorspersec_total{request="Fetch",error="NONE",} 3.0
            """));
    }

    @Test
    void ratesAreTheGrowthPerSecondAndARestartCountsFromZero() {
        assertEquals(Map.of("Produce", 5.0, "Fetch", 2.0, "Metadata", 0.5),
            RequestRateSampler.rates(Map.of("Produce", 100.0, "Fetch", 30.0, "Metadata", 7.0),
                Map.of("Produce", 150.0, "Fetch", 20.0, "Metadata", 12.0), 10));
    }

    @Test
    void theChartShowsTheBusiestApisAndSumsTheRestAsOther() {
        List<RequestRateSampler.Sample> samples = List.of(
            new RequestRateSampler.Sample(1_000, Map.of("Produce", 50.0, "Fetch", 100.0, "Metadata", 3.0,
                "ApiVersions", 1.0, "ListOffsets", 2.0, "Heartbeat", 0.5, "OffsetCommit", 0.25)),
            new RequestRateSampler.Sample(2_000, Map.of("Produce", 60.0, "Fetch", 90.0)));
        assertEquals("{\"series\":[\"Fetch\",\"Produce\",\"Metadata\",\"ListOffsets\",\"ApiVersions\",\"other\"],"
            + "\"data\":[[1.0,2.0],[100.00,90.00],[50.00,60.00],[3.00,0.00],[2.00,0.00],[1.00,0.00],[0.75,0.00]]}",
            RequestRateSampler.json(samples));
        assertEquals("{\"series\":[\"Produce\"],\"data\":[[1.0],[1.50]]}",
            RequestRateSampler.json(List.of(new RequestRateSampler.Sample(1_000, Map.of("Produce", 1.5)))));
        assertEquals("{\"series\":[],\"data\":[[]]}", RequestRateSampler.json(List.of()));
    }
}
