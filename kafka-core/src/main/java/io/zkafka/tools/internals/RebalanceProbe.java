package io.zkafka.tools.internals;

import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rebalance benchmark's view of a group: consumers that each poll on their own thread and
 * report, through their rebalance listeners, when each partition was revoked and when it was
 * assigned again. The gap between the two is time in which nobody consumed the partition.
 *
 * <p>Threads: one {@code rebalance-bench-member-N} thread per consumer owns it; the timing maps
 * are concurrent and the latest assignment time is atomic, read by the benchmark's thread.
 */
public final class RebalanceProbe implements AutoCloseable {
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final Map<TopicPartition, Long> revokedAtNanos = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> gapNanos = new ConcurrentHashMap<>();
    private final AtomicLong lastAssignedNanos = new AtomicLong();
    private final Map<Integer, Member> members = new ConcurrentHashMap<>();

    /** One consumer and its thread. */
    private final class Member implements Runnable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Member(int id) {
            this.thread = new Thread(this, "rebalance-bench-member-" + id);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(consumerConfig),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        long now = System.nanoTime();
                        partitions.forEach(tp -> revokedAtNanos.put(tp, now));
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        long now = System.nanoTime();
                        for (TopicPartition tp : partitions) {
                            Long revoked = revokedAtNanos.remove(tp);
                            if (revoked != null) {
                                gapNanos.merge(tp, now - revoked, Long::sum);
                            }
                        }
                        if (!partitions.isEmpty()) {
                            lastAssignedNanos.accumulateAndGet(now, Math::max);
                        }
                    }
                });
                while (!stop.get()) {
                    consumer.poll(Duration.ofMillis(100));
                    assignment.set(Set.copyOf(consumer.assignment()));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
            assignment.set(Set.of());
        }
    }

    public RebalanceProbe(Map<String, Object> consumerConfig, String topic) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.topic = topic;
    }

    /** Starts one more consumer in the group. */
    public void addMember() {
        Member member = new Member(members.size());
        members.put(members.size(), member);
        member.thread.start();
    }

    /** Whether every partition is owned by exactly one member and every member owns at least one. */
    public boolean settled(int partitions) {
        int total = 0;
        Set<TopicPartition> union = new java.util.HashSet<>();
        for (Member member : members.values()) {
            Throwable failure = member.failure.get();
            if (failure != null) {
                throw new ToolException("A consumer failed: " + ToolRunner.messageOf(failure), failure);
            }
            Set<TopicPartition> owned = member.assignment.get();
            if (owned.isEmpty()) {
                return false;
            }
            total += owned.size();
            union.addAll(owned);
        }
        return total == partitions && union.size() == partitions;
    }

    /** Forgets the timings so far: what follows is one measured rebalance. */
    public void resetTimings() {
        revokedAtNanos.clear();
        gapNanos.clear();
        lastAssignedNanos.set(0);
    }

    /** When a partition was last assigned (System.nanoTime), 0 if none since the reset. */
    public long lastAssignedNanos() {
        return lastAssignedNanos.get();
    }

    /** Sum over partitions of the time from revocation to the next assignment, since the reset. */
    public long unconsumedNanos() {
        return gapNanos.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many partitions were revoked and assigned again since the reset (under eager, often to the same member). */
    public int movedPartitions() {
        return gapNanos.size();
    }

    /** Stops every consumer (each closes on its own thread, all at once) and waits for them. */
    @Override
    public void close() throws InterruptedException {
        members.values().forEach(m -> m.stop.set(true));
        for (Member member : members.values()) {
            member.thread.join(60_000);
        }
    }
}
