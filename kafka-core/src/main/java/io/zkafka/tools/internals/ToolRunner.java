package io.zkafka.tools.internals;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs one tool the way Kafka's tools run. A tool states only what sets it apart, once, as a
 * constant: how its picocli command is built from the {@link ToolContext}, the words its failures
 * start with, and whether no arguments at all means {@code --help}. Its {@code main} is
 * {@code RUNNER.runAsMain(args)}; tests call {@link #run} with streams of their own.
 *
 * <p>Every outcome becomes an exit code: 0 on success and for {@code --help}; 1 for a wrong or
 * missing flag (the reason, then the usage, on stderr); 1 for a failure, printed as one line after
 * the tool's prefix, with the stack trace only when {@code --verbose} is given or the environment
 * variable {@value #VERBOSE_ENV} is {@code true}. Immutable.
 */
public final class ToolRunner {
    /** Set to {@code true} to print stack traces of failures. */
    public static final String VERBOSE_ENV = "ZKAFKA_TOOLS_VERBOSE";
    public static final int OK = 0;
    public static final int FAILED = 1;
    private static final String[] HELP = {"--help"};

    private final String errorPrefix;
    private final Function<ToolContext, ? extends Callable<Integer>> commandFactory;
    private final boolean helpWithoutArguments;

    /** The streams a tool's command talks through, and whether the tool is the whole process. */
    public record ToolContext(InputStream in, PrintStream out, PrintStream err, boolean ownsProcess) {
    }

    private ToolRunner(String errorPrefix, Function<ToolContext, ? extends Callable<Integer>> commandFactory,
                       boolean helpWithoutArguments) {
        this.errorPrefix = Objects.requireNonNull(errorPrefix);
        this.commandFactory = Objects.requireNonNull(commandFactory);
        this.helpWithoutArguments = helpWithoutArguments;
    }

    /**
     * A tool whose failures print as {@code errorPrefix} and a one-line message.
     *
     * @param commandFactory builds a fresh {@code @Command} for each run
     */
    public static ToolRunner of(String errorPrefix, Function<ToolContext, ? extends Callable<Integer>> commandFactory) {
        return new ToolRunner(errorPrefix, commandFactory, false);
    }

    /** The same tool, printing its usage and exiting 0 when given no arguments at all, as Kafka's does. */
    public ToolRunner withHelpWithoutArguments() {
        return new ToolRunner(errorPrefix, commandFactory, true);
    }

    /** The body of a tool's {@code main}: runs with the process's streams and exits with the code. */
    public void runAsMain(String[] args) {
        System.exit(execute(args, new ToolContext(System.in, System.out, System.err, true)));
    }

    /** Runs the tool in this process with the given streams; returns its exit code. */
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return execute(args, new ToolContext(in, out, err, false));
    }

    private int execute(String[] args, ToolContext context) {
        String[] effectiveArgs = args.length == 0 && helpWithoutArguments ? HELP : args;
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(commandFactory.apply(context))
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
        boolean verbose = verbose(effectiveArgs);
        commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> {
            Throwable cause = unwrap(ex);
            errWriter.println(errorPrefix + messageOf(cause));
            if (verbose) {
                cause.printStackTrace(errWriter);
            }
            errWriter.flush();
            return FAILED;
        });
        int exitCode = commandLine.execute(effectiveArgs);
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
