package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ListOffsetsResult;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What clients see of a cluster, through the public admin client: the controller, and each
 * partition's leader and ISR. Every call asks a broker afresh; a call that fails (a broker going
 * down, a timeout) reads as "not yet" to the waits. Thread-safe as the admin client is.
 */
public final class ClusterProbe {
    /** A partition as the metadata shows it: leader (-1: none), replicas and ISR by broker id. */
    public record PartitionView(int leader, List<Integer> replicas, List<Integer> isr) {
        public boolean led() {
            return leader >= 0;
        }
    }

    private static final long POLL_MS = 20;
    private static final int LIST_OFFSETS_CHUNK = 200;

    private final Admin admin;
    private final Duration callTimeout;

    public ClusterProbe(Admin admin, Duration callTimeout) {
        this.admin = admin;
        this.callTimeout = callTimeout;
    }

    /** The controller's broker id, or empty when the asked broker names none or the call fails. */
    public OptionalInt controller() {
        try {
            Node node = admin.describeCluster().controller().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return node == null || node.isEmpty() ? OptionalInt.empty() : OptionalInt.of(node.id());
        } catch (Exception e) {
            return OptionalInt.empty();
        }
    }

    /** Every partition of {@code topics}, or null when the call fails or a topic is unknown. */
    public Map<TopicPartition, PartitionView> partitions(Collection<String> topics) {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(topics).allTopicNames().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
        Map<TopicPartition, PartitionView> views = new HashMap<>();
        described.forEach((topic, description) -> {
            for (TopicPartitionInfo info : description.partitions()) {
                int leader = info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id();
                views.put(new TopicPartition(topic, info.partition()), new PartitionView(leader,
                    info.replicas().stream().map(Node::id).toList(), info.isr().stream().map(Node::id).toList()));
            }
        });
        return views;
    }

    /** True when every partition of {@code topics} has a leader (and, if {@code fullIsr}, all replicas in sync). */
    public boolean allLed(Collection<String> topics, boolean fullIsr) {
        Map<TopicPartition, PartitionView> views = partitions(topics);
        return views != null && !views.isEmpty() && views.values().stream()
            .allMatch(v -> v.led() && (!fullIsr || v.isr().size() == v.replicas().size()));
    }

    /**
     * The leader epoch each of {@code partitions} is served at now: its leader answered ListOffsets.
     * Partitions not served (no leader, a leader not up yet) are left out. Asked in chunks, so a
     * chunk without a leader does not hold the others back.
     */
    public Map<TopicPartition, Integer> servedEpochs(Collection<TopicPartition> partitions) {
        List<TopicPartition> all = new ArrayList<>(partitions);
        List<ListOffsetsResult> results = new ArrayList<>();
        for (int from = 0; from < all.size(); from += LIST_OFFSETS_CHUNK) {
            Map<TopicPartition, OffsetSpec> chunk = new HashMap<>();
            all.subList(from, Math.min(all.size(), from + LIST_OFFSETS_CHUNK))
                .forEach(tp -> chunk.put(tp, OffsetSpec.latest()));
            results.add(admin.listOffsets(chunk));
        }
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        for (ListOffsetsResult result : results) {
            try {
                result.all().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> info.leaderEpoch().ifPresent(epoch -> epochs.put(tp, epoch)));
            } catch (Exception e) {
                // not served yet: left out
            }
        }
        return epochs;
    }

    /**
     * Waits for {@code condition}, asking every {@value #POLL_MS} ms, and returns the nanoTime it
     * first held.
     *
     * @throws ToolException after {@code timeout}
     */
    public static long await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("Gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for " + what);
            }
        }
    }
}
