package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import io.zkafka.clients.admin.LogDirDescription;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Samples, on its own thread ({@code zkafka-console-throughput-sampler}), each broker's incoming
 * messages per second (the growth of the end offsets of the partitions it leads) and bytes per
 * second (the growth of its replicas' size on disk, from DescribeLogDirs), keeping the last hour.
 * Public clients only: the brokers' own request metrics are not reachable through them. The history
 * and the previous totals are guarded by the lock of {@code history} (the sampler writes, requests read).
 */
final class ThroughputSampler implements AutoCloseable {

    /** One interval: its end (epoch ms) and per broker messages/s and bytes/s. */
    record Sample(long timeMs, Map<Integer, double[]> rates) {
    }

    private final Admin admin;
    private final Deque<Sample> history = new ArrayDeque<>();
    private long lastTimeMs = -1;
    private Map<Integer, long[]> lastTotals = Map.of();
    private final SamplingThread thread;

    ThroughputSampler(Admin admin, Duration interval) {
        this.admin = admin;
        this.thread = new SamplingThread("zkafka-console-throughput-sampler", "broker throughput", interval, this::sample);
    }

    /** Per broker: [sum of the end offsets of the partitions it leads, bytes of its replicas]. */
    private Map<Integer, long[]> totals() {
        Map<Integer, long[]> totals = new HashMap<>();
        List<Integer> brokers = new ArrayList<>();
        for (Node n : await(admin.describeCluster().nodes())) {
            brokers.add(n.id());
            totals.put(n.id(), new long[2]);
        }
        var names = await(admin.listTopics().names());
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        if (!names.isEmpty()) {
            for (TopicDescription t : await(admin.describeTopics(names).allTopicNames()).values()) {
                for (TopicPartitionInfo p : t.partitions()) {
                    if (p.leader() != null && !p.leader().isEmpty()) {
                        TopicPartition tp = new TopicPartition(t.name(), p.partition());
                        leaders.put(tp, p.leader().id());
                        latest.put(tp, OffsetSpec.latest());
                    }
                }
            }
        }
        if (!latest.isEmpty()) {
            Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all());
            ends.forEach((tp, info) -> totals.computeIfAbsent(leaders.get(tp), k -> new long[2])[0] += info.offset());
        }
        admin.describeLogDirs(brokers).descriptions().forEach((broker, future) -> {
            for (LogDirDescription d : await(future).values()) {
                totals.get(broker)[1] += d.replicaInfos().values().stream()
                    .mapToLong(LogDirDescription.ReplicaInfo::size).sum();
            }
        });
        return totals;
    }

    private void sample() {
        Map<Integer, long[]> totals = totals();
        long now = System.currentTimeMillis();
        synchronized (history) {
            if (lastTimeMs > 0) {
                double seconds = Math.max(0.001, (now - lastTimeMs) / 1000.0);
                Map<Integer, double[]> rates = new TreeMap<>();
                totals.forEach((broker, t) -> {
                    long[] before = lastTotals.get(broker);
                    // a leader change moves offsets between brokers, retention shrinks sizes: never below 0
                    rates.put(broker, before == null ? new double[2] : new double[] {
                        Math.max(0, t[0] - before[0]) / seconds, Math.max(0, t[1] - before[1]) / seconds});
                });
                history.addLast(new Sample(now, rates));
                while (history.peekFirst().timeMs() < now - LagSampler.HISTORY.toMillis()) {
                    history.removeFirst();
                }
            }
            lastTimeMs = now;
            lastTotals = totals;
        }
    }

    /**
     * uPlot's data for one measure (0: messages/s, 1: bytes/s): {"series":["broker 1",...],"data":[[seconds...],
     * [broker 1...],...]}, a broker missing from a sample shown as null.
     */
    String json(int measure) {
        synchronized (history) {
            TreeSet<Integer> brokers = new TreeSet<>();
            history.forEach(s -> brokers.addAll(s.rates().keySet()));
            StringBuilder b = new StringBuilder("{\"series\":[");
            b.append(String.join(",", brokers.stream().map(id -> "\"broker " + id + "\"").toList())).append("],\"data\":[[");
            b.append(String.join(",", history.stream().map(s -> String.valueOf(s.timeMs() / 1000.0)).toList()))
                .append(']');
            for (int broker : brokers) {
                b.append(",[").append(String.join(",", history.stream().map(s -> {
                    double[] r = s.rates().get(broker);
                    return r == null ? "null" : String.format(java.util.Locale.ROOT, "%.1f", r[measure]);
                }).toList())).append(']');
            }
            return b.append("]}").toString();
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
