package io.zkafka.console;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs one sampling step now and then every {@code interval}; a failed step is
 * a warning line and the next one runs as planned. What the console's samplers share.
 */
final class SamplingThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SamplingThread.class);

    private final ScheduledExecutorService executor;

    SamplingThread(String name, String what, Duration interval, Runnable step) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("Could not sample {}: {}", what, e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
