package io.zkafka.test;

import java.io.PrintStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the stacks of every thread of the JVM when a test or lifecycle method fails by timing out,
 * then lets the failure through unchanged. JUnit 5.11 reports only the timed-out thread's stack; a
 * hang usually waits on another thread (a broker's, a client's), and by the time the report is read
 * that thread is gone. Registered for every module's tests through {@code META-INF/services} in the
 * clients module's test jar, with {@code junit.jupiter.extensions.autodetection.enabled=true} (set in
 * the root pom). Stateless.
 *
 * <p>JUnit's timeout extension, which runs first, has already interrupted the timed-out thread when
 * this handler runs; in the SEPARATE_THREAD mode the build uses, that thread's stack at the timeout
 * is the {@link TimeoutException}'s cause, and a thread that ignores the interrupt shows up here still
 * stuck. The other threads are caught where they are.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context.getUniqueId(), failure, System.err);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context.getUniqueId(), failure, System.err);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context.getUniqueId(), failure, System.err);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context.getUniqueId(), failure, System.err);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context.getUniqueId(), failure, System.err);
    }

    /** Prints every thread's stack to {@code err} if {@code failure} is a timeout; returns {@code failure}. */
    static Throwable dumpIfTimeout(String testId, Throwable failure, PrintStream err) {
        if (failure instanceof TimeoutException) {
            String dump = threadDump();
            err.println("=== " + testId + " timed out (" + failure.getMessage() + "); all threads:");
            err.print(dump);
            err.println("=== end of thread dump");
            err.flush();
        }
        return failure;
    }

    /** Every live thread with its whole stack and the locks it holds or waits for, deadlocks first. */
    static String threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder dump = new StringBuilder();
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            dump.append("Deadlocked threads:");
            for (long id : deadlocked) {
                dump.append(' ').append(id);
            }
            dump.append("\n\n");
        }
        for (ThreadInfo info : threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(),
            threads.isSynchronizerUsageSupported())) {
            append(dump, info);
        }
        return dump.toString();
    }

    /** Like {@link ThreadInfo#toString()}, which stops after eight frames, but with the whole stack. */
    private static void append(StringBuilder dump, ThreadInfo info) {
        dump.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
            .append(info.isDaemon() ? " daemon" : "").append(' ').append(info.getThreadState());
        if (info.getLockName() != null) {
            dump.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            dump.append(" owned by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
        }
        dump.append('\n');
        StackTraceElement[] stack = info.getStackTrace();
        for (int depth = 0; depth < stack.length; depth++) {
            dump.append("\tat ").append(stack[depth]).append('\n');
            for (MonitorInfo monitor : info.getLockedMonitors()) {
                if (monitor.getLockedStackDepth() == depth) {
                    dump.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            dump.append("\tLocked synchronizers:\n");
            for (LockInfo synchronizer : synchronizers) {
                dump.append("\t- ").append(synchronizer).append('\n');
            }
        }
        dump.append('\n');
    }
}
