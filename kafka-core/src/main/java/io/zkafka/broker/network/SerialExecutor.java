package io.zkafka.broker.network;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: a connection's requests are
 * handled in order without a thread of their own. Thread-safe (a private lock guards the queue).
 */
public final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    private final Executor pool;
    private final Object lock = new Object();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /**
     * Whether nothing is queued or running. Only meaningful to the one thread that submits tasks: no task
     * can start after it saw none.
     */
    public boolean isIdle() {
        synchronized (lock) {
            return !running && tasks.isEmpty();
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (lock) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            // a task that throws must not leave the queue marked running with nobody draining it:
            // every later task of this connection would wait forever
            try {
                task.run();
            } catch (Throwable e) {
                log.error("A queued task failed; the tasks after it still run", e);
            }
        }
    }
}
