package io.zkafka.tools.internals;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Starts, stops and kills brokers through a control script ({@code SCRIPT start-broker|stop-broker|kill-broker
 * ID}), so a benchmark needs no process handles of its own: the script knows the PID files. The
 * script's output goes to this process's. Stateless.
 */
public final class BrokerControl {
    private static final long COMMAND_TIMEOUT_S = 300;

    private final String script;

    public BrokerControl(String script) {
        this.script = script;
    }

    /** Runs {@code command brokerId} and returns the process without waiting for it. */
    public Process launch(String command, int brokerId) {
        try {
            return new ProcessBuilder(script, command, String.valueOf(brokerId)).inheritIO().start();
        } catch (IOException e) {
            throw new ToolException("Cannot run " + script + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code command brokerId} and waits for it to succeed. */
    public void run(String command, int brokerId) {
        await(launch(command, brokerId), command, brokerId);
    }

    /** Waits for a launched command to succeed. */
    public static void await(Process process, String command, int brokerId) {
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroy();
                throw new ToolException(command + " " + brokerId + " did not finish within " + COMMAND_TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while running " + command + " " + brokerId);
        }
        if (process.exitValue() != 0) {
            throw new ToolException(command + " " + brokerId + " failed with exit code " + process.exitValue());
        }
    }
}
