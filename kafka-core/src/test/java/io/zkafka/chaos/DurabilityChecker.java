package io.zkafka.chaos;

import io.zkafka.common.TopicPartition;
import io.zkafka.test.ZKafkaCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records what a producer was told was written (from its callbacks) and what a consumer read, then
 * judges the history. It fails on:
 * <ul>
 *   <li>an acknowledged record that was never consumed, and says whether it is gone from every
 *       replica's files (LOST) or still on some replica (SKIPPED by the consumer);</li>
 *   <li>one offset holding two different values (between acknowledgements, reads, or both);</li>
 *   <li>a producer's acknowledged records out of send order within a partition;</li>
 *   <li>the consumer's offsets going backwards or skipping ahead without a seek.</li>
 * </ul>
 * Values are {@link TaggedValue}s, so a record written twice by a retry is counted as a duplicate,
 * which at-least-once delivery allows, not as a fault. An exactly-once checker (for idempotent
 * producers) also fails on:
 * <ul>
 *   <li>a value stored at two offsets of a partition (DUPLICATE);</li>
 *   <li>a producer's records in a partition's log out of send order, acknowledged or not (LOG ORDER).</li>
 * </ul>
 *
 * <p>Thread-safe: producer callbacks, the consumer thread and the test thread call it; all state is
 * guarded by the private {@code lock}.
 */
public final class DurabilityChecker {
    private static final int VIOLATIONS_SHOWN = 25;

    private final boolean exactlyOnce;
    private final Object lock = new Object();
    private final Map<TopicPartition, TreeMap<Long, String>> acknowledged = new HashMap<>();
    private final Map<TopicPartition, TreeMap<Long, String>> consumed = new HashMap<>();
    private final Map<TopicPartition, Long> nextConsumerOffset = new HashMap<>();
    private final Set<String> consumedValues = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Long> failureCauses = new TreeMap<>();
    private long failedSends;
    private long consumedRecords;
    private long duplicates;

    /** An at-least-once checker: duplicates are counted, not failed. */
    public DurabilityChecker() {
        this(false);
    }

    /** @param exactlyOnce whether a duplicate or a producer's records out of order in the log fail the run */
    public DurabilityChecker(boolean exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
    }

    /** A producer callback reported {@code value} written at {@code offset} of {@code tp}. */
    public void acknowledged(TopicPartition tp, long offset, String value) {
        TaggedValue.parse(value);
        synchronized (lock) {
            String earlier = acknowledged.computeIfAbsent(tp, k -> new TreeMap<>()).putIfAbsent(offset, value);
            if (earlier != null && !earlier.equals(value)) {
                violations.add("TWO VALUES: " + tp + " offset " + offset + " acknowledged for " + earlier + " and " + value);
            }
            checkSameValue(tp, offset, value, consumed, "consumed");
        }
    }

    /** A send failed for good (its delivery timed out or hit a fatal error): it may or may not be stored. */
    public void sendFailed(String value, Exception cause) {
        synchronized (lock) {
            failedSends++;
            failureCauses.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
        }
    }

    /** The producing loop itself broke (send threw): the run is not what it claims. */
    public void producerFailed(Exception cause) {
        synchronized (lock) {
            violations.add("PRODUCER ERROR: " + cause);
        }
    }

    /** The consumer was told to read {@code tp} from {@code offset} next. */
    public void seeked(TopicPartition tp, long offset) {
        synchronized (lock) {
            nextConsumerOffset.put(tp, offset);
        }
    }

    /** The consumer returned {@code value} at {@code offset} of {@code tp}. */
    public void consumed(TopicPartition tp, long offset, String value) {
        synchronized (lock) {
            consumedRecords++;
            Long expected = nextConsumerOffset.get(tp);
            if (expected == null) {
                violations.add("NO SEEK: " + tp + " offset " + offset + " consumed before any seek");
            } else if (offset < expected) {
                violations.add("BACKWARDS: " + tp + " consumer at " + expected + " was handed offset " + offset);
            } else if (offset > expected) {
                violations.add("CONSUMER SKIP: " + tp + " consumer at " + expected + " jumped to offset " + offset);
            }
            nextConsumerOffset.put(tp, offset + 1);
            String earlier = consumed.computeIfAbsent(tp, k -> new TreeMap<>()).putIfAbsent(offset, value);
            if (earlier != null && !earlier.equals(value)) {
                violations.add("TWO VALUES: " + tp + " offset " + offset + " consumed as " + earlier + " and later " + value);
            }
            checkSameValue(tp, offset, value, acknowledged, "acknowledged");
            if (!consumedValues.add(tp + "/" + value) && earlier == null) {
                duplicates++;
            }
        }
    }

    /** The consumer's poll threw. */
    public void consumerFailed(Exception cause) {
        synchronized (lock) {
            violations.add("CONSUMER ERROR: " + cause);
        }
    }

    /** Whether the consumer has passed every acknowledged offset of every partition. */
    public boolean consumerCaughtUp() {
        synchronized (lock) {
            return acknowledged.entrySet().stream().allMatch(e -> e.getValue().isEmpty()
                || nextConsumerOffset.getOrDefault(e.getKey(), 0L) > e.getValue().lastKey());
        }
    }

    public long acknowledgedCount() {
        synchronized (lock) {
            return acknowledged.values().stream().mapToLong(Map::size).sum();
        }
    }

    /**
     * Judges the whole history; an acknowledged record never consumed is looked up in
     * {@code replicas} to call it LOST or SKIPPED.
     *
     * @return a one-line summary of what was checked
     * @throws AssertionError listing the violations, if there are any
     */
    public String verify(ReplicaFiles replicas) {
        synchronized (lock) {
            List<String> found = new ArrayList<>(violations);
            if (exactlyOnce) {
                consumed.forEach((tp, log) -> checkLogOrder(tp, log, found));
            }
            acknowledged.forEach((tp, acks) -> {
                checkSendOrder(tp, acks, found);
                Map<Long, String> read = consumed.getOrDefault(tp, new TreeMap<>());
                acks.forEach((offset, value) -> {
                    if (!read.containsKey(offset)) {
                        found.add(classifyUnconsumed(replicas, tp, offset, value));
                    }
                });
            });
            String summary = acknowledgedCount() + " acknowledged, " + failedSends + " failed sends " + failureCauses + ", "
                + consumedRecords + " consumed, " + duplicates + " duplicates";
            if (!found.isEmpty()) {
                throw new AssertionError(found.size() + " durability violations (" + summary + "):\n  "
                    + String.join("\n  ", found.subList(0, Math.min(VIOLATIONS_SHOWN, found.size())))
                    + (found.size() > VIOLATIONS_SHOWN ? "\n  ..." : ""));
            }
            return summary;
        }
    }

    /** Every replica of every partition of {@code topic} holds the same bytes up to the high watermark. */
    public static void assertReplicasConverged(ZKafkaCluster cluster, String topic) {
        ReplicaConvergence.assertConverged(cluster, topic);
    }

    private void checkSameValue(TopicPartition tp, long offset, String value,
                                Map<TopicPartition, TreeMap<Long, String>> other, String otherName) {
        TreeMap<Long, String> values = other.get(tp);
        String there = values == null ? null : values.get(offset);
        if (there != null && !there.equals(value)) {
            violations.add("TWO VALUES: " + tp + " offset " + offset + " is " + value + " here but was " + otherName
                + " as " + there);
        }
    }

    /** Within one partition, each producer's acknowledged sequences must rise with the offsets. */
    private static void checkSendOrder(TopicPartition tp, TreeMap<Long, String> acks, List<String> found) {
        Map<String, Long> lastSequence = new HashMap<>();
        Map<String, Long> lastOffset = new HashMap<>();
        acks.forEach((offset, value) -> {
            TaggedValue tagged = TaggedValue.parse(value);
            Long previous = lastSequence.put(tagged.producerId(), tagged.sequence());
            Long previousOffset = lastOffset.put(tagged.producerId(), offset);
            if (previous != null && previous >= tagged.sequence()) {
                found.add("ORDER: " + tp + " " + tagged + " acknowledged at offset " + offset + " after "
                    + tagged.producerId() + ":" + previous + " at offset " + previousOffset);
            }
        });
    }

    /**
     * Within one partition's log as consumed, each producer's sequences must strictly rise: a
     * repeated sequence is a record written twice, a lower one a reordering.
     */
    private static void checkLogOrder(TopicPartition tp, TreeMap<Long, String> log, List<String> found) {
        Map<String, Long> lastSequence = new HashMap<>();
        Map<String, Long> lastOffset = new HashMap<>();
        log.forEach((offset, value) -> {
            TaggedValue tagged = TaggedValue.parse(value);
            Long previous = lastSequence.put(tagged.producerId(), tagged.sequence());
            Long previousOffset = lastOffset.put(tagged.producerId(), offset);
            if (previous != null && previous == tagged.sequence()) {
                found.add("DUPLICATE: " + tp + " " + tagged + " at offsets " + previousOffset + " and " + offset);
            } else if (previous != null && previous > tagged.sequence()) {
                found.add("LOG ORDER: " + tp + " " + tagged + " at offset " + offset + " after " + tagged.producerId()
                    + ":" + previous + " at offset " + previousOffset);
            }
        });
    }

    private static String classifyUnconsumed(ReplicaFiles replicas, TopicPartition tp, long offset, String value) {
        Map<Integer, String> onDisk = replicas.valuesAt(tp, offset);
        List<Integer> holding = onDisk.entrySet().stream().filter(e -> value.equals(e.getValue()))
            .map(Map.Entry::getKey).toList();
        if (!holding.isEmpty()) {
            return "SKIPPED: " + tp + " offset " + offset + " " + value + " acknowledged, never consumed, but on brokers "
                + holding;
        }
        return "LOST: " + tp + " offset " + offset + " " + value + " acknowledged, on no replica"
            + (onDisk.isEmpty() ? "" : " (that offset now holds " + onDisk + ")");
    }
}
