package io.zkafka.tools.internals;

import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A consumer group whose members come and go: each member lives a random time between two bounds,
 * takes at most {@code max.poll.records} records a poll, spends a fixed time "processing" them and
 * {@code commitSync}s what it read; whenever fewer than the target number of members run, a new one
 * starts. Records which (partition, offset) the group has read at least once, and the longest time
 * in which it read no record it had not read before: the measure of how long the group stalled.
 *
 * <p>Threads: {@code group-churn-supervisor} starts members; each member owns its consumer on
 * {@code group-churn-member-N}. The read offsets are kept per partition under that partition's
 * {@link BitSet}'s monitor; the gap bookkeeping under {@link #gapLock}; counters are atomic.
 */
public final class GroupChurn implements AutoCloseable {
    private static final long NOTABLE_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How the members behave. */
    public record Settings(String bootstrapServers, String topic, String groupId, int members, Duration minLife,
                           Duration maxLife, int recordsPerPoll, Duration processing,
                           Map<String, Object> consumerOverrides) {
    }

    /** The longest stall: how long, and when it started and ended (nanoTime). */
    public record Gap(long lengthNanos, long fromNanos, long toNanos) {
    }

    private final Settings settings;
    private final Map<TopicPartition, BitSet> read = new ConcurrentHashMap<>();
    private final AtomicLong newRecords = new AtomicLong();
    private final AtomicLong commitsRefused = new AtomicLong();
    private final AtomicLong commitsTimedOut = new AtomicLong();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> memberThreads = new ArrayList<>();
    private final Object gapLock = new Object();
    private final List<Consumer<String>> memberClosedListeners = new ArrayList<>();
    private long lastNewRecordNanos;
    private Gap longest = new Gap(0, 0, 0);
    /** Every gap of at least {@link #NOTABLE_GAP_NANOS}, in order. */
    private final List<Gap> notableGaps = new ArrayList<>();
    private long allReadAtNanos = -1;
    private Map<TopicPartition, Long> endOffsets = Map.of();
    private final Thread supervisor;

    public GroupChurn(Settings settings) {
        this.settings = settings;
        this.supervisor = new Thread(this::supervise, "group-churn-supervisor");
        this.supervisor.setDaemon(true);
    }

    /**
     * Starts the churn. {@code endOffsets}: the partitions' end offsets, so the gap stops counting
     * once everything was read (a drained topic is not a stall).
     */
    public void start(Map<TopicPartition, Long> endOffsets) {
        this.endOffsets = Map.copyOf(endOffsets);
        endOffsets.keySet().forEach(tp -> read.put(tp, new BitSet()));
        synchronized (gapLock) {
            lastNewRecordNanos = System.nanoTime();
        }
        supervisor.start();
    }

    /** Called with a member's name each time one has closed (on that member's thread). */
    public void onMemberClosed(Consumer<String> listener) {
        synchronized (memberClosedListeners) {
            memberClosedListeners.add(listener);
        }
    }

    private void supervise() {
        while (!stopping.get()) {
            if (running.get() < settings.members()) {
                startMember();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void startMember() {
        int id = started.incrementAndGet();
        running.incrementAndGet();
        long lifeNanos = ThreadLocalRandom.current().nextLong(settings.minLife().toNanos(),
            settings.maxLife().toNanos() + 1);
        Thread thread = new Thread(() -> {
            try {
                runMember(lifeNanos);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                running.decrementAndGet();
                List<Consumer<String>> listeners;
                synchronized (memberClosedListeners) {
                    listeners = List.copyOf(memberClosedListeners);
                }
                listeners.forEach(l -> l.accept("member-" + id));
            }
        }, "group-churn-member-" + id);
        thread.setDaemon(true);
        synchronized (memberThreads) {
            memberThreads.add(thread);
        }
        thread.start();
    }

    private void runMember(long lifeNanos) throws InterruptedException {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", settings.bootstrapServers());
        config.put("group.id", settings.groupId());
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        config.put("max.poll.records", String.valueOf(settings.recordsPerPoll()));
        config.putAll(settings.consumerOverrides());
        long end = System.nanoTime() + lifeNanos;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(settings.topic()));
            while (!stopping.get() && System.nanoTime() < end) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    recordRead(new TopicPartition(record.topic(), record.partition()), record.offset());
                }
                TimeUnit.NANOSECONDS.sleep(settings.processing().toNanos());
                try {
                    consumer.commitSync();
                } catch (CommitFailedException e) {
                    commitsRefused.incrementAndGet(); // a rebalance took the partitions: the next owner reads them again
                } catch (RetriableException e) {
                    commitsTimedOut.incrementAndGet();
                }
            }
        }
    }

    private void recordRead(TopicPartition tp, long offset) {
        BitSet offsets = read.get(tp);
        if (offsets == null || offset > Integer.MAX_VALUE) {
            return;
        }
        boolean isNew;
        synchronized (offsets) {
            isNew = !offsets.get((int) offset);
            offsets.set((int) offset);
        }
        if (!isNew) {
            return;
        }
        long count = newRecords.incrementAndGet();
        long now = System.nanoTime();
        synchronized (gapLock) {
            if (allReadAtNanos < 0) {
                noteGap(now);
                lastNewRecordNanos = now;
                if (count == totalRecords()) {
                    allReadAtNanos = now;
                }
            }
        }
    }

    private void noteGap(long now) {
        long length = now - lastNewRecordNanos;
        Gap gap = new Gap(length, lastNewRecordNanos, now);
        if (length > longest.lengthNanos()) {
            longest = gap;
        }
        if (length >= NOTABLE_GAP_NANOS) {
            notableGaps.add(gap);
        }
    }

    /** The gaps of a second or more so far (not counting one still open), oldest first. */
    public List<Gap> notableGaps() {
        synchronized (gapLock) {
            return List.copyOf(notableGaps);
        }
    }

    private long totalRecords() {
        return endOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records read at least once so far. */
    public long newRecords() {
        return newRecords.get();
    }

    /**
     * The longest time without a new record, from the start to now (or to the moment every record
     * had been read).
     */
    public Gap longestGap() {
        synchronized (gapLock) {
            if (allReadAtNanos >= 0) {
                return longest;
            }
            long now = System.nanoTime();
            long length = now - lastNewRecordNanos;
            return length > longest.lengthNanos() ? new Gap(length, lastNewRecordNanos, now) : longest;
        }
    }

    /** Commits answered with CommitFailedException (a rebalance had taken the partitions). */
    public long commitsRefused() {
        return commitsRefused.get();
    }

    /** Commits that gave up on a retriable error (their deadline passed). */
    public long commitsTimedOut() {
        return commitsTimedOut.get();
    }

    /** Members started so far. */
    public int membersStarted() {
        return started.get();
    }

    /** The first unexpected error of a member, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Marks (partition, offset) read, for records read outside the churn (by a last member). */
    public void markRead(TopicPartition tp, long offset) {
        recordRead(tp, offset);
    }

    /** Per partition, the offsets below its end offset never read. */
    public Map<TopicPartition, Integer> unread() {
        Map<TopicPartition, Integer> unread = new HashMap<>();
        endOffsets.forEach((tp, end) -> {
            BitSet offsets = read.get(tp);
            int seen;
            synchronized (offsets) {
                seen = offsets.get(0, (int) (long) end).cardinality();
            }
            if (seen < end) {
                unread.put(tp, (int) (end - seen));
            }
        });
        return unread;
    }

    /** Stops starting members and closes the running ones, waiting up to {@code timeout}. */
    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(60));
    }

    /** As {@link #close}, waiting up to {@code timeout} for the members to close. */
    public void stop(Duration timeout) throws InterruptedException {
        stopping.set(true);
        supervisor.interrupt();
        supervisor.join(timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> threads;
        synchronized (memberThreads) {
            threads = List.copyOf(memberThreads);
        }
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
