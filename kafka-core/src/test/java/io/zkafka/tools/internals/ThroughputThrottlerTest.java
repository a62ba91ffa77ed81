package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThroughputThrottlerTest {

    @Test
    void shouldNeverThrottleANegativeTarget() {
        ThroughputThrottler throttler = new ThroughputThrottler(-1, 0);
        assertFalse(throttler.shouldThrottle(1_000_000_000L, 1));
    }

    @Test
    void shouldThrottleOnlyAboveTheTargetRate() {
        ThroughputThrottler throttler = new ThroughputThrottler(1000, 0);
        assertFalse(throttler.shouldThrottle(999, 1000), "999 records in 1 s is under 1000/s");
        assertTrue(throttler.shouldThrottle(1001, 1000), "1001 records in 1 s is over 1000/s");
        assertFalse(throttler.shouldThrottle(5, 0), "no time has passed yet");
    }

    @Test
    void shouldNotSleepBeforeTheOwedTimeReachesTheMinimum() throws InterruptedException {
        // 1,000,000/s owes 1 microsecond per record: 1000 throttles owe 1 ms, below the 2 ms minimum sleep
        ThroughputThrottler throttler = new ThroughputThrottler(1_000_000, 0);
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            throttler.throttle();
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "no sleep happened");
    }
}
