package io.zkafka.common.utils;

/**
 * The clock a component reads, injected so tests can move it by hand: wall-clock milliseconds for
 * deadlines and timestamps, a monotonic nanosecond counter for durations. {@link #SYSTEM} is the
 * real one. Implementations are thread-safe.
 */
public interface Time {
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public String toString() {
            return "Time.SYSTEM";
        }
    };

    /** Milliseconds since the epoch. */
    long milliseconds();

    /** A monotonic counter for measuring durations, not related to the wall clock. */
    long nanoseconds();
}
