package io.zkafka.tools.internals;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * When each offset of one partition was acknowledged to a producer that sends one record at a
 * time, so that a stall shows as one long gap between two acknowledgements. Thread-safe: the
 * producer's thread records, the benchmark's thread reads.
 */
public final class AckTimeline {
    private final NavigableMap<Long, Long> ackNanosByOffset = new ConcurrentSkipListMap<>();

    public void acknowledged(long offset, long nanos) {
        ackNanosByOffset.put(offset, nanos);
    }

    public int size() {
        return ackNanosByOffset.size();
    }

    public long lastOffset() {
        return ackNanosByOffset.lastKey();
    }

    /** The first acknowledgement at or after {@code offset}, or null. */
    public Map.Entry<Long, Long> firstAtOrAfter(long offset) {
        return ackNanosByOffset.ceilingEntry(offset);
    }

    /**
     * The longest time without an acknowledgement between {@code fromNanos} (the fault) and the
     * last acknowledgement at or before {@code toNanos}: the wait from the fault to the first
     * acknowledgement after it, or any longer gap between two later ones. Zero when nothing was
     * acknowledged in between.
     */
    public long longestGapNanos(long fromNanos, long toNanos) {
        long previous = fromNanos;
        long longest = 0;
        for (long ackNanos : ackNanosByOffset.values().stream().sorted().toList()) {
            if (ackNanos <= fromNanos) {
                continue;
            }
            if (ackNanos > toNanos) {
                break;
            }
            longest = Math.max(longest, ackNanos - previous);
            previous = ackNanos;
        }
        return longest;
    }
}
