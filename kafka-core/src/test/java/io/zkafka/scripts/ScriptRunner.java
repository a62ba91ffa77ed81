package io.zkafka.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the repository's shell scripts as a user would, with a bounded wait, and keeps their output
 * in files (a daemon a script leaves behind must never hold a pipe of this JVM open).
 *
 * <p>The caller's environment decides what the scripts run: the packaged distribution
 * ({@link #distributionEnvironment}) or, with {@code ZKAFKA_CLASSPATH}, this test JVM's own
 * classpath ({@link #testClasspath}); either way a script never starts a Maven build from inside
 * {@code mvn verify}. Confined to the test thread.
 */
final class ScriptRunner {
    /** What a finished script did. */
    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    private final Path repositoryRoot;
    private final Path outputDir;
    private final Map<String, String> environment;
    private final AtomicInteger runs = new AtomicInteger();

    ScriptRunner(Path repositoryRoot, Path outputDir, Map<String, String> environment) {
        this.repositoryRoot = repositoryRoot;
        this.outputDir = outputDir;
        this.environment = Map.copyOf(environment);
    }

    /** The repository root: the parent of kafka-core, where Failsafe runs this module's tests. */
    static Path findRepositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (int depth = 0; dir != null && depth < 4; depth++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/kafka-run-class.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no scripts/kafka-run-class.sh above " + System.getProperty("user.dir"));
    }

    /** The classpath of this test JVM, which holds the zookeeper jar and its dependencies. */
    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * What lets the scripts run the distribution the way a user would: nothing when
     * {@code kafka-core/target} holds the jar and {@code lib/} that {@code package} builds (Failsafe
     * runs after {@code package}), else {@code ZKAFKA_CLASSPATH} set to this JVM's classpath.
     */
    static Map<String, String> distributionEnvironment(Path repositoryRoot) throws IOException {
        Path target = repositoryRoot.resolve("kafka-core/target");
        boolean packaged = false;
        if (Files.isDirectory(target.resolve("lib"))) {
            try (var files = Files.list(target)) {
                packaged = files.map(file -> file.getFileName().toString()).anyMatch(name -> name.startsWith("zkafka-kafka-core-")
                    && name.endsWith(".jar") && !name.endsWith("-tests.jar") && !name.endsWith("-sources.jar")
                    && !name.endsWith("-javadoc.jar"));
            }
        }
        return packaged ? Map.of() : Map.of("ZKAFKA_CLASSPATH", testClasspath());
    }

    Result run(String script, String... args) throws IOException, InterruptedException {
        return runWithInput(Path.of("/dev/null"), script, args);
    }

    /** Runs {@code script} with its standard input read from {@code input}. */
    Result runWithInput(Path input, String script, String... args) throws IOException, InterruptedException {
        int run = runs.incrementAndGet();
        Path stdout = outputDir.resolve(run + "-" + script + ".stdout");
        Path stderr = outputDir.resolve(run + "-" + script + ".stderr");
        List<String> command = new ArrayList<>();
        command.add(repositoryRoot.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(repositoryRoot.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(input.toFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within " + SCRIPT_TIMEOUT
                + "; stderr so far:\n" + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
