package io.zkafka.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ThreadDumpOnTimeoutTest {
    private final Object monitor = new Object();

    @Test
    void shouldPrintEveryThreadWithItsLocksWhenATestTimesOut() throws Exception {
        Thread blocked = new Thread(() -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }, "blocked-on-the-test");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TimeoutException timeout = new TimeoutException("test() timed out after 5 minutes");
        synchronized (monitor) {
            blocked.start();
            TestUtils.waitForCondition(() -> blocked.getState() == Thread.State.BLOCKED, Duration.ofSeconds(30),
                "the thread blocks on the monitor");
            Throwable rethrown = ThreadDumpOnTimeout.dumpIfTimeout("[test:x]", timeout,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertSame(timeout, rethrown);
        }
        blocked.join(30_000);
        String dump = printed.toString(StandardCharsets.UTF_8);
        String self = Thread.currentThread().getName();
        assertTrue(dump.startsWith("=== [test:x] timed out (test() timed out after 5 minutes); all threads:\n"), dump);
        assertTrue(dump.contains("\"blocked-on-the-test\" #" + blocked.getId() + " BLOCKED on java.lang.Object@"), dump);
        assertTrue(dump.contains("owned by \"" + self + "\""), dump);
        assertTrue(dump.contains(ThreadDumpOnTimeoutTest.class.getName()
            + ".shouldPrintEveryThreadWithItsLocksWhenATestTimesOut(ThreadDumpOnTimeoutTest.java:"), dump);
        assertTrue(dump.contains("\t- locked java.lang.Object@"), dump);
        assertTrue(dump.endsWith("=== end of thread dump\n"), dump);
    }

    @Test
    void shouldLetOtherFailuresThroughWithoutPrinting() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AssertionError failure = new AssertionError("expected: <1> but was: <2>");
        assertSame(failure, ThreadDumpOnTimeout.dumpIfTimeout("[test:y]", failure,
            new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(0, printed.size());
    }
}
