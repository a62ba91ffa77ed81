package io.zkafka.tools.internals;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * Runs one picocli command with the streams it was given and turns every outcome into an exit
 * code the way Kafka's tools do: 0 on success and for {@code --help}; 1 for a wrong or missing flag
 * (the reason, then the usage, on stderr); 1 for a failure, printed as one line prefixed by the
 * tool's own words, with the stack trace only when {@code --verbose} is given or the environment
 * variable {@value #VERBOSE_ENV} is {@code true}. Stateless.
 */
public final class ToolRunner {
    /** Set to {@code true} to print stack traces of failures. */
    public static final String VERBOSE_ENV = "ZKAFKA_TOOLS_VERBOSE";
    public static final int OK = 0;
    public static final int FAILED = 1;

    private ToolRunner() {
    }

    /**
     * Parses {@code args} into {@code command} and calls it.
     *
     * @param command a {@code @Command} that is a {@code Callable<Integer>} (or {@code Runnable})
     * @param errorPrefix printed before the one-line message of a failure, as Kafka's tool does
     */
    public static int execute(Object command, String[] args, PrintStream out, PrintStream err, String errorPrefix) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(command)
            .setOut(outWriter)
            .setErr(errWriter)
            .setExpandAtFiles(false)
            .setUsageHelpLongOptionsMaxWidth(40);
        commandLine.setParameterExceptionHandler((ex, ignored) -> {
            errWriter.println(ex.getMessage());
            ex.getCommandLine().usage(errWriter);
            errWriter.flush();
            return FAILED;
        });
        boolean verbose = verbose(args);
        commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> {
            Throwable cause = unwrap(ex);
            errWriter.println(errorPrefix + messageOf(cause));
            if (verbose) {
                cause.printStackTrace(errWriter);
            }
            errWriter.flush();
            return FAILED;
        });
        int exitCode = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return exitCode;
    }

    private static boolean verbose(String[] args) {
        for (String arg : args) {
            if ("--verbose".equals(arg)) {
                return true;
            }
        }
        return "true".equalsIgnoreCase(System.getenv(VERBOSE_ENV));
    }

    /** The failure under the wrappers that futures and reflection put around it. */
    public static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A failure's message, or its class name when it has none. */
    public static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
