package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.common.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples, on its own thread ({@code zkafka-console-request-sampler}), each broker's requests per
 * second per API from the broker's Prometheus endpoint, keeping the last hour. The request metrics
 * are not reachable through the public clients; the endpoint is: the admin client's DescribeConfigs
 * gives each broker's {@code metrics.prometheus.port} and {@code .host}, and a scrape of
 * {@code /metrics} gives {@code kafka_network_requestmetrics_totaltimems_count{request="<Api>"}}, the
 * number of requests of that API the broker has answered; the growth per second is the rate. Each
 * broker's state is guarded by its own lock (the sampler writes, requests read).
 */
final class RequestRateSampler implements AutoCloseable {
    static final String REQUEST_COUNT = "kafka_network_requestmetrics_totaltimems_count";
    static final String PORT_KEY = "metrics.prometheus.port";
    static final String HOST_KEY = "metrics.prometheus.host";
    /** The APIs a chart shows by name (the busiest over the hour); the rest are summed as "other". */
    static final int TOP_APIS = 5;
    static final int MAX_RESPONSE_BYTES = 4 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(4);

    /** One interval: its end (epoch ms) and requests/s per API. */
    record Sample(long timeMs, Map<String, Double> rates) {
    }

    /** What the page says about a broker: its endpoint (null when it has none) and a problem (null when none). */
    record Status(String endpoint, String problem) {
    }

    private static final class BrokerState {
        private Status status;
        private long lastTimeMs = -1;
        private Map<String, Double> lastCounts = Map.of();
        private final Deque<Sample> history = new ArrayDeque<>();
    }

    private final Admin admin;
    private final HttpClient http;
    private final Map<Integer, BrokerState> brokers = new ConcurrentHashMap<>();
    private final SamplingThread thread;

    RequestRateSampler(Admin admin, Duration interval) {
        this.admin = admin;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
        this.thread = new SamplingThread("zkafka-console-request-sampler", "broker request rates", interval, this::sample);
    }

    private void sample() {
        List<Node> nodes = new ArrayList<>(await(admin.describeCluster().nodes()));
        Map<Integer, ConfigResource> resources = new HashMap<>();
        for (Node n : nodes) {
            resources.put(n.id(), new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(n.id())));
        }
        var configs = admin.describeConfigs(resources.values()).values();
        Map<Integer, CompletableFuture<Map<String, Double>>> scrapes = new HashMap<>();
        Map<Integer, Status> statuses = new HashMap<>();
        for (Node n : nodes) {
            Status status;
            try {
                status = endpoint(n, await(configs.get(resources.get(n.id()))));
            } catch (RuntimeException e) {
                status = new Status(null, "its configs could not be read: " + e.getMessage());
            }
            statuses.put(n.id(), status);
            if (status.endpoint() != null) {
                scrapes.put(n.id(), scrape(status.endpoint()));
            }
        }
        Set<Integer> current = new HashSet<>();
        for (Node n : nodes) {
            current.add(n.id());
            BrokerState state = brokers.computeIfAbsent(n.id(), k -> new BrokerState());
            Status status = statuses.get(n.id());
            Map<String, Double> counts = null;
            if (scrapes.containsKey(n.id())) {
                try {
                    counts = scrapes.get(n.id()).join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    status = new Status(status.endpoint(), "the last scrape failed: "
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                }
            }
            record(state, status, counts, System.currentTimeMillis());
        }
        brokers.keySet().retainAll(current);
    }

    private static void record(BrokerState state, Status status, Map<String, Double> counts, long now) {
        synchronized (state) {
            state.status = status;
            if (counts == null) {
                return;
            }
            if (state.lastTimeMs > 0) {
                double seconds = Math.max(0.001, (now - state.lastTimeMs) / 1000.0);
                state.history.addLast(new Sample(now, rates(state.lastCounts, counts, seconds)));
                while (state.history.peekFirst().timeMs() < now - LagSampler.HISTORY.toMillis()) {
                    state.history.removeFirst();
                }
            }
            state.lastTimeMs = now;
            state.lastCounts = counts;
        }
    }

    /** Requests per second per API between two scrapes {@code seconds} apart. */
    static Map<String, Double> rates(Map<String, Double> before, Map<String, Double> counts, double seconds) {
        Map<String, Double> rates = new HashMap<>();
        // an API first used since the last scrape counts from 0; a restarted broker's smaller counts from 0 too
        counts.forEach((api, count) -> {
            double was = before.getOrDefault(api, 0.0);
            rates.put(api, (count >= was ? count - was : count) / seconds);
        });
        return rates;
    }

    /** Where a broker serves its metrics, from its configs in force, or why it serves none the console can find. */
    static Status endpoint(Node node, Config config) {
        ConfigEntry port = config.get(PORT_KEY);
        String portText = port == null || port.value() == null ? "" : port.value().trim();
        int p;
        try {
            p = portText.isEmpty() ? -1 : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            return new Status(null, PORT_KEY + " is '" + portText + "', not a port");
        }
        if (p < 0) {
            return new Status(null, "it has no Prometheus endpoint (" + PORT_KEY + " is not set)");
        }
        if (p == 0) {
            return new Status(null, "its Prometheus endpoint is on a port chosen at start (" + PORT_KEY
                + "=0), which its configs do not tell");
        }
        ConfigEntry hostEntry = config.get(HOST_KEY);
        String host = hostEntry == null || hostEntry.value() == null ? "" : hostEntry.value().trim();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = node.host();
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return new Status("http://" + host + ":" + p + "/metrics", null);
    }

    /** The requests answered so far per API, read from the endpoint's text. */
    private CompletableFuture<Map<String, Double>> scrape(String endpoint) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(SCRAPE_TIMEOUT)
            .header("Accept", "text/plain").GET().build();
        return http.sendAsync(request, BoundedBody.atMost(MAX_RESPONSE_BYTES))
            .orTimeout(SCRAPE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .thenApply(response -> {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(endpoint + " answered HTTP " + response.statusCode());
                }
                return requestCounts(new String(response.body(), StandardCharsets.UTF_8));
            });
    }

    static Map<String, Double> requestCounts(String text) {
        Map<String, Double> counts = new HashMap<>();
        PrometheusText.parse(text, Set.of(REQUEST_COUNT), s -> {
            String api = s.labels().get("request");
            if (api != null && !Double.isNaN(s.value())) {
                counts.merge(api, s.value(), Double::sum);
            }
        });
        return counts;
    }

    /** What the page says about broker {@code id}, or null before its first sample. */
    Status status(int id) {
        BrokerState state = brokers.get(id);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            return state.status;
        }
    }

    /**
     * uPlot's data for broker {@code id}: {"series":[the busiest APIs..., "other"],"data":[[seconds...],
     * [requests/s of the first API...],...]}; the series are the {@link #TOP_APIS} APIs with the most
     * requests over the hour, the rest summed as "other".
     */
    String json(int id) {
        BrokerState state = brokers.get(id);
        List<Sample> samples = new ArrayList<>();
        if (state != null) {
            synchronized (state) {
                samples.addAll(state.history);
            }
        }
        return json(samples);
    }

    static String json(List<Sample> samples) {
        Map<String, Double> totals = new HashMap<>();
        samples.forEach(s -> s.rates().forEach((api, rate) -> totals.merge(api, rate, Double::sum)));
        List<String> top = totals.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_APIS).map(Map.Entry::getKey).toList();
        boolean other = totals.size() > top.size();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        top.forEach(api -> columns.put(api, new ArrayList<>()));
        List<String> others = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (Sample s : samples) {
            times.add(String.valueOf(s.timeMs() / 1000.0));
            top.forEach(api -> columns.get(api).add(rate(s.rates().getOrDefault(api, 0.0))));
            others.add(rate(s.rates().entrySet().stream().filter(e -> !top.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum()));
        }
        List<String> labels = new ArrayList<>(top);
        if (other) {
            labels.add("other");
            columns.put("other", others);
        }
        StringBuilder b = new StringBuilder("{\"series\":[");
        b.append(String.join(",", labels.stream().map(l -> "\"" + jsonText(l) + "\"").toList()));
        b.append("],\"data\":[[").append(String.join(",", times)).append(']');
        columns.values().forEach(c -> b.append(",[").append(String.join(",", c)).append(']'));
        return b.append("]}").toString();
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f", perSecond);
    }

    /** An API name as a JSON string's content: it comes from a broker's answer, so quotes and controls are escaped. */
    private static String jsonText(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        thread.close();
    }
}
