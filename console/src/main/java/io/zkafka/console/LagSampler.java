package io.zkafka.console;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupListing;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples every consumer group's total lag at a fixed interval on its own thread
 * ({@code zkafka-console-lag-sampler}) and keeps the last hour per group, in this process only:
 * the history starts when the console does. Each group's samples are guarded by the lock of their
 * deque (the sampler writes, requests read); the map of groups is concurrent.
 */
final class LagSampler implements AutoCloseable {
    static final Duration HISTORY = Duration.ofHours(1);

    /** One sample: when (epoch ms) and the group's total lag. */
    record Sample(long timeMs, long lag) {
    }

    private final Admin admin;
    private final Map<String, Deque<Sample>> history = new ConcurrentHashMap<>();
    private final SamplingThread thread;

    LagSampler(Admin admin, Duration interval) {
        this.admin = admin;
        this.thread = new SamplingThread("zkafka-console-lag-sampler", "consumer group lag", interval, this::sample);
    }

    private void sample() {
        long now = System.currentTimeMillis();
        Set<String> groups = new HashSet<>();
        for (ConsumerGroupListing g : ClusterClients.await(admin.listConsumerGroups().all())) {
            groups.add(g.groupId());
            long lag = GroupLag.of(admin, g.groupId()).total();
            Deque<Sample> samples = history.computeIfAbsent(g.groupId(), k -> new ArrayDeque<>());
            synchronized (samples) {
                samples.addLast(new Sample(now, lag));
                while (!samples.isEmpty() && samples.peekFirst().timeMs() < now - HISTORY.toMillis()) {
                    samples.removeFirst();
                }
            }
        }
        history.keySet().retainAll(groups);
    }

    /** The group's samples of the last hour, oldest first, as uPlot's data: [[seconds...], [lag...]]. */
    String json(String groupId) {
        Deque<Sample> samples = history.get(groupId);
        StringBuilder times = new StringBuilder();
        StringBuilder lags = new StringBuilder();
        if (samples != null) {
            synchronized (samples) {
                for (Sample s : samples) {
                    if (times.length() > 0) {
                        times.append(',');
                        lags.append(',');
                    }
                    times.append(s.timeMs() / 1000.0);
                    lags.append(s.lag());
                }
            }
        }
        return "[[" + times + "],[" + lags + "]]";
    }

    @Override
    public void close() {
        thread.close();
    }
}
