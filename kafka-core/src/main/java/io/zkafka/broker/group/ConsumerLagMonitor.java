package io.zkafka.broker.group;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.config.PeerNetwork;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag computed on the broker, so it can be read over JMX without a client: every
 * {@code group.lag.refresh.interval.ms} the coordinator takes the committed offsets of the groups it
 * coordinates and the high watermark of each of those partitions (read locally where this broker
 * leads, else asked of the leader with one ListOffsets(latest) request per leader broker), and
 * publishes
 * <pre>
 * kafka.coordinator.group:type=ConsumerLag,group=G,topic=T,partition=P   high watermark - committed, at least 0
 * kafka.coordinator.group:type=ConsumerLag,group=G,name=SumLag          the sum over the group's partitions
 * kafka.coordinator.group:type=ConsumerLag,group=G,name=MaxLag          the largest of them
 * </pre>
 * A gauge disappears with its group or offset. A partition whose leader does not answer keeps its last
 * value until the next refresh. Cost per refresh: one lock per group, and at most one request per
 * other broker.
 *
 * <p>Threads: refreshes start and publish on the coordinator thread, which alone changes the set of
 * gauges; answers from other brokers arrive on the network client's thread and are handed back to it.
 * The gauges read a concurrent map. At most one refresh is in flight.
 */
public final class ConsumerLagMonitor implements AutoCloseable {
    static final String PREFIX = "kafka.coordinator.group:type=ConsumerLag,group=";
    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    /** One group's committed offset of one partition. */
    private record GroupPartition(String group, TopicPartition tp) {
    }

    private final GroupRegistry groups;
    private final CoordinatorScheduler thread;
    private final ReplicaManager replicas;
    private final MetadataCache metadata;
    private final MetricRegistry registry;
    private final long timeoutMs;
    private final NetworkClient network;
    private final Map<String, Long> values = new ConcurrentHashMap<>();
    private boolean refreshing;

    /** The lag of {@code coordinator}'s groups, refreshed on its thread. */
    public ConsumerLagMonitor(GroupCoordinator coordinator, ReplicaManager replicas, MetadataCache metadata,
                              MetricRegistry registry, long timeoutMs, PeerNetwork peers) {
        this(coordinator.groups(), coordinator.scheduler(), replicas, metadata, registry, timeoutMs, peers);
    }

    ConsumerLagMonitor(GroupRegistry groups, CoordinatorScheduler thread, ReplicaManager replicas,
                       MetadataCache metadata, MetricRegistry registry, long timeoutMs, PeerNetwork peers) {
        this.groups = groups;
        this.thread = thread;
        this.replicas = replicas;
        this.metadata = metadata;
        this.registry = registry;
        this.timeoutMs = timeoutMs;
        this.network = peers.client("broker-" + replicas.brokerId() + "-consumer-lag", 4 << 20, 5_000);
    }

    /** Refreshes every {@code intervalMs} on the coordinator thread; 0 never. */
    public void start(long intervalMs) {
        if (intervalMs > 0) {
            thread.scheduleWithFixedDelay(intervalMs, this::refresh);
        }
    }

    /** Starts one refresh unless one is in flight. Coordinator thread. */
    void refresh() {
        if (refreshing) {
            return;
        }
        Map<GroupPartition, Long> committed = new HashMap<>();
        for (GroupMetadata group : groups.snapshot()) {
            synchronized (group.lock) {
                group.offsets.forEach((tp, o) -> committed.put(new GroupPartition(group.groupId, tp), o.offset()));
            }
        }
        Set<TopicPartition> partitions = new HashSet<>();
        committed.keySet().forEach(k -> partitions.add(k.tp()));
        Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
        Map<String, List<TopicPartition>> remote = new HashMap<>();
        MetadataCache.Image image = metadata.image();
        for (TopicPartition tp : partitions) {
            Partition local = replicas.partition(tp).orElse(null);
            if (local != null && local.isLeader()) {
                ends.put(tp, local.highWatermark());
                continue;
            }
            String leader = leaderAddress(image, tp);
            if (leader != null) {
                remote.computeIfAbsent(leader, a -> new ArrayList<>()).add(tp);
            }
        }
        List<CompletableFuture<Void>> asks = new ArrayList<>();
        remote.forEach((address, tps) -> asks.add(ask(address, tps, ends)));
        refreshing = true;
        CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
            .whenComplete((ignored, e) -> thread.execute(() -> {
                refreshing = false;
                publish(committed, ends);
            }));
    }

    private static String leaderAddress(MetadataCache.Image image, TopicPartition tp) {
        PartitionState state = image.state(tp).orElse(null);
        if (state == null || state.leaderAndIsr().leader() == LeaderAndIsr.NO_LEADER) {
            return null;
        }
        BrokerInfo broker = image.brokers().get(state.leaderAndIsr().leader());
        return broker == null ? null : broker.host() + ":" + broker.port();
    }

    /** Asks one leader for the high watermarks of {@code tps}; failures leave them out. Never fails. */
    private CompletableFuture<Void> ask(String address, List<TopicPartition> tps, Map<TopicPartition, Long> ends) {
        Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new HashMap<>();
        tps.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
            .add(new ListOffsetsRequest.ListOffsetsPartition(tp.partition(), ListOffsetsRequest.LATEST_TIMESTAMP)));
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, list) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic(topic, list)));
        CompletableFuture<ListOffsetsResponse> call;
        try {
            call = network.call(address, new ListOffsetsRequest(-1, topics), timeoutMs);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
        return call.handle((response, e) -> {
            if (e != null) {
                log.debug("Asking {} for high watermarks failed: {}", address, e.toString());
                return null;
            }
            for (ListOffsetsResponse.TopicResponse topic : response.topics()) {
                for (ListOffsetsResponse.PartitionResponse p : topic.partitions()) {
                    if (p.error() == Errors.NONE && p.offset() >= 0) {
                        ends.put(new TopicPartition(topic.name(), p.partition()), p.offset());
                    }
                }
            }
            return null;
        });
    }

    /** Replaces the gauges' values; registers new ones, removes those whose offset went. Coordinator thread. */
    private void publish(Map<GroupPartition, Long> committed, Map<TopicPartition, Long> ends) {
        Map<String, Long> next = new HashMap<>();
        Map<String, long[]> perGroup = new HashMap<>(); // group -> {sum, max}
        committed.forEach((key, offset) -> {
            String name = partitionName(key.group(), key.tp());
            Long end = ends.get(key.tp());
            Long lag = end != null ? Long.valueOf(Math.max(0, end - offset)) : values.get(name);
            if (lag == null) {
                return;
            }
            next.put(name, lag);
            long[] totals = perGroup.computeIfAbsent(key.group(), g -> new long[2]);
            totals[0] += lag;
            totals[1] = Math.max(totals[1], lag);
        });
        perGroup.forEach((group, totals) -> {
            next.put(PREFIX + quote(group) + ",name=SumLag", totals[0]);
            next.put(PREFIX + quote(group) + ",name=MaxLag", totals[1]);
        });
        for (String name : List.copyOf(values.keySet())) {
            if (!next.containsKey(name)) {
                values.remove(name);
                registry.remove(name);
            }
        }
        next.forEach((name, lag) -> {
            if (values.put(name, lag) == null) {
                registry.remove(name);
                registry.register(name, (Gauge<Long>) () -> values.getOrDefault(name, 0L));
            }
        });
    }

    static String partitionName(String group, TopicPartition tp) {
        return PREFIX + quote(group) + ",topic=" + quote(tp.topic()) + ",partition=" + tp.partition();
    }

    /** A JMX key value as Kafka writes it: quoted only when it holds a character JMX reserves. */
    static String quote(String value) {
        for (char c : value.toCharArray()) {
            if (",=:*?\"\\\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    /** Removes the gauges and closes the client; the coordinator's thread is closed by its owner. */
    @Override
    public void close() {
        network.close();
        values.keySet().forEach(registry::remove);
        values.clear();
    }
}
