package io.zkafka.broker.group;

import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.test.TestUtils;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One group member polling on its own thread, as an application would: it records every record's
 * value in a shared map (value -> times seen), commits synchronously after processing each poll
 * (a commit refused by a rebalance is left to the next one), and records what its rebalance
 * listener was told. {@link #close} stops the loop and closes the consumer on its thread; the loop
 * also ends by itself after {@code maxRunTime}.
 */
final class GroupMemberRunner implements AutoCloseable {
    final String name;
    final List<Set<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
    final List<Set<TopicPartition>> assigned = new CopyOnWriteArrayList<>();
    final List<Set<TopicPartition>> lost = new CopyOnWriteArrayList<>();
    /** Offsets of the records seen, per partition (clear it to look at what comes after a point). */
    final Map<TopicPartition, Set<Long>> offsetsSeen = new ConcurrentHashMap<>();
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService thread;
    private final Future<?> loop;

    /**
     * @param subscribe called on the member's thread with the consumer and the recording listener
     */
    GroupMemberRunner(String name, Map<String, Object> props, Map<String, Integer> seen,
                      Consumer<SubscribeCall> subscribe, Duration maxRunTime) {
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "member-" + name));
        this.loop = thread.submit(() -> run(props, seen, subscribe, maxRunTime));
    }

    /** The consumer and the listener to subscribe with. */
    record SubscribeCall(KafkaConsumer<String, String> consumer, ConsumerRebalanceListener listener) {
    }

    private Void run(Map<String, Object> props, Map<String, Integer> seen, Consumer<SubscribeCall> subscribe,
                     Duration maxRunTime) {
        long deadline = System.nanoTime() + maxRunTime.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(new HashMap<>(props),
                new StringDeserializer(), new StringDeserializer())) {
            subscribe.accept(new SubscribeCall(consumer, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    revoked.add(Set.copyOf(partitions));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.add(Set.copyOf(partitions));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    lost.add(Set.copyOf(partitions));
                }
            }));
            while (!stop.get() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.merge(record.value(), 1, Integer::sum);
                    offsetsSeen.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                        tp -> ConcurrentHashMap.newKeySet()).add(record.offset());
                }
                assignment.set(Set.copyOf(consumer.assignment()));
                try {
                    consumer.commitSync();
                } catch (CommitFailedException e) {
                    // a rebalance took the generation away: the records are re-read by the next owner
                }
            }
            assignment.set(Set.of());
        } catch (Throwable t) {
            failure.set(t);
            assignment.set(Set.of());
        }
        return null;
    }

    /** What the member owned after its latest poll. */
    Set<TopicPartition> assignment() {
        return assignment.get();
    }

    /** The error that ended the loop, if any. */
    Throwable failure() {
        return failure.get();
    }

    boolean isRunning() {
        return !loop.isDone();
    }

    /** Stops polling and closes the consumer (commits are the loop's; close leaves the group). */
    @Override
    public void close() throws Exception {
        stop.set(true);
        try {
            loop.get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    static Map<String, Integer> newSeenMap() {
        return new ConcurrentHashMap<>();
    }

    /** Waits until every live member owns partitions and together they own each of {@code partitions} exactly once. */
    static void awaitSettled(Map<String, GroupMemberRunner> live, int partitions) {
        TestUtils.waitForCondition(() -> {
            int total = 0;
            Set<TopicPartition> union = new HashSet<>();
            for (GroupMemberRunner member : live.values()) {
                Set<TopicPartition> owned = member.assignment();
                if (owned.isEmpty()) {
                    return false;
                }
                total += owned.size();
                union.addAll(owned);
            }
            return total == partitions && union.size() == partitions;
        }, Duration.ofSeconds(45), () -> {
            Map<String, Set<TopicPartition>> owned = new LinkedHashMap<>();
            live.forEach((n, m) -> owned.put(n, m.assignment()));
            return "group never settled: " + owned;
        });
    }
}
