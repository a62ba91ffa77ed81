package io.zkafka.broker.replica;

import io.zkafka.broker.purgatory.ManualTimer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.coordination.UpdateResult;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ReplicaManager} of broker {@link #ME} without ZooKeeper or network: real logs in a temp
 * folder, a manual clock and timer, ISR writes kept in memory. Partition states are delivered the
 * way the cluster watcher delivers them (metadata cache first, then the replica manager), each with
 * a controller epoch of 1 and a znode version one above the last. Brokers 2 and 3 are registered
 * with broker epochs {@link #epochOf} (so their fetches with those epochs may put them back in the
 * ISR); broker 4 is never registered, so a follower of it backs off instead of connecting anywhere.
 */
public final class ReplicaFixture implements AutoCloseable {
    public static final int ME = 1;
    public static final int UNREGISTERED_BROKER = 4;

    public final ManualTimer timer = new ManualTimer(1_000_000);
    public final InMemoryIsrStore isrStore = new InMemoryIsrStore();
    public final MetadataCache metadata = new MetadataCache();
    public final BrokerMetrics metrics = new BrokerMetrics(false);
    public final LogManager logManager;
    public final ReplicaManager replicas;
    /** Topic configs "in ZooKeeper" that the watcher has not delivered yet; others read as the image has them. */
    public final Map<String, TopicConfig> undeliveredTopicConfigs = new ConcurrentHashMap<>();
    /** How often the replica manager read a topic's stored config, by topic. */
    public final Map<String, Integer> storedConfigReads = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Integer> zkVersions = new HashMap<>();

    /** ISR writes and notifications, answered as ZooKeeper would when nobody else writes. */
    public static final class InMemoryIsrStore implements IsrStore {
        public final List<PartitionState> writes = new CopyOnWriteArrayList<>();
        public final List<Set<TopicPartition>> notifications = new CopyOnWriteArrayList<>();

        @Override
        public UpdateResult updateIsr(PartitionState desired) {
            writes.add(desired);
            return new UpdateResult(UpdateResult.Status.UPDATED, desired.zkVersion() + 1);
        }

        @Override
        public void notifyIsrChange(Set<TopicPartition> partitions) {
            notifications.add(partitions);
        }
    }

    public ReplicaFixture(Path dir, long replicaLagTimeMaxMs, int minInsyncReplicas) throws IOException {
        this(dir, replicaLagTimeMaxMs, minInsyncReplicas, new ClusterSnapshot(Map.of(), Map.of(), Set.of()));
    }

    /** A broker (re)started on {@code dir}'s logs, to which the watcher first delivers {@code cluster}. */
    public ReplicaFixture(Path dir, long replicaLagTimeMaxMs, int minInsyncReplicas, ClusterSnapshot cluster)
        throws IOException {
        logManager = new LogManager(LogManager.Settings.of(List.of(dir), LogConfig.defaults()), timer::milliseconds);
        logManager.startup();
        replicas = new ReplicaManager(new ReplicaManager.Settings(ME, minInsyncReplicas, replicaLagTimeMaxMs, 500,
            1 << 20, 10 << 20, 1000, 30_000), logManager, LogConfig.defaults(), metadata, isrStore,
            this::storedTopicConfig, timer, timer, metrics);
        metadata.onSnapshot(cluster);
        replicas.onSnapshot(cluster); // as the watcher's first delivery
        for (int broker : List.of(ME, 2, 3)) {
            metadata.onBrokerRegistered(new BrokerInfo(broker, "127.0.0.1", 9 + broker, null, 0, epochOf(broker)));
        }
    }

    /** The broker epoch broker {@code id} is registered with (ids 2 and 3; made up for the others). */
    public static long epochOf(int id) {
        return 100L + id;
    }

    /** Broker {@code id} registers again, as a new incarnation with a larger broker epoch. */
    public void reregister(int id, long newEpoch) {
        metadata.onBrokerRegistered(new BrokerInfo(id, "127.0.0.1", 9 + id, null, 0, newEpoch));
    }

    /** Creates {@code topic} with one partition on {@code assigned}, in the given state. */
    public TopicPartition createTopic(String topic, List<Integer> assigned, int leader, List<Integer> isr, int leaderEpoch) {
        TopicAssignment assignment = new TopicAssignment(topic, Map.of(0, assigned), 0);
        metadata.onTopicCreated(assignment);
        replicas.onTopicCreated(assignment);
        TopicPartition tp = new TopicPartition(topic, 0);
        setState(tp, leader, isr, leaderEpoch);
        return tp;
    }

    /** Delivers a new state of {@code tp} (the next znode version, controller epoch 1). */
    /**
     * Creates {@code topic} with {@code partitions} partitions led here alone, their states delivered in one
     * call, as the watcher hands over a topic creation.
     */
    public List<TopicPartition> createTopicAtOnce(String topic, int partitions) {
        Map<Integer, List<Integer>> replicasByPartition = new HashMap<>();
        List<PartitionState> states = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            replicasByPartition.put(p, List.of(ME));
            TopicPartition tp = new TopicPartition(topic, p);
            zkVersions.put(tp, 0);
            states.add(new PartitionState(tp, new LeaderAndIsr(ME, 1, List.of(ME), 1), 0));
        }
        TopicAssignment assignment = new TopicAssignment(topic, replicasByPartition, 0);
        metadata.onTopicCreated(assignment);
        replicas.onTopicCreated(assignment);
        metadata.onPartitionStatesChanged(states);
        replicas.onPartitionStatesChanged(states);
        return states.stream().map(PartitionState::partition).toList();
    }

    public void setState(TopicPartition tp, int leader, List<Integer> isr, int leaderEpoch) {
        int version = zkVersions.merge(tp, 0, (old, zero) -> old + 1);
        PartitionState state = new PartitionState(tp, new LeaderAndIsr(leader, leaderEpoch, isr, 1), version);
        metadata.onPartitionStateChanged(state);
        replicas.onPartitionStateChanged(state);
    }

    public Partition partition(TopicPartition tp) {
        return replicas.partition(tp).orElseThrow();
    }

    /** One uncompressed batch of {@code records} records of {@code valueBytes} bytes each. */
    public static ByteBuffer batch(int records, int valueBytes) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        byte[] value = "x".repeat(valueBytes).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < records; i++) {
            builder.append(1_000L + i, null, value);
        }
        return builder.build();
    }

    /** Several batches in one buffer, as one produce request carries them. */
    public static ByteBuffer batches(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    public static List<Integer> ids(Integer... ids) {
        return new ArrayList<>(List.of(ids));
    }

    private TopicConfig storedTopicConfig(String topic) {
        storedConfigReads.merge(topic, 1, Integer::sum);
        TopicConfig undelivered = undeliveredTopicConfigs.get(topic);
        return undelivered != null ? undelivered : new TopicConfig(topic, metadata.image().topicOverrides(topic), 0);
    }

    @Override
    public void close() throws Exception {
        replicas.close();
        logManager.close();
        metrics.close();
    }
}
