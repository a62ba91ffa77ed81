package io.zkafka.test;

import io.zkafka.config.KafkaConfig;
import io.zkafka.server.Kafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM ({@link Kafka#main}, this JVM's classpath), for failure tests that need
 * what only a real process gives: SIGKILL and SIGSTOP/SIGCONT from the operating system, OS file
 * locks held and released by a process. It joins a cluster through its ZooKeeper connect string;
 * its output goes to {@code <dir>/broker-<id>.out}. {@link #close()} kills it if it still runs.
 *
 * <pre>{@code
 * try (ChildBroker child = ChildBroker.start(3, cluster.zookeeperConnect(), dir, Map.of())) {
 *     child.signal("STOP");    // frozen: its sockets stay open, its listen backlog accepts
 *     child.signal("CONT");
 *     child.kill();            // SIGKILL, and wait for the process to be gone
 * }
 * }</pre>
 *
 * Not thread-safe: drive it from the test thread.
 */
public final class ChildBroker implements AutoCloseable {
    private final int id;
    private final int port;
    private final Path logDir;
    private final Path output;
    private final Process process;

    private ChildBroker(int id, int port, Path logDir, Path output, Process process) {
        this.id = id;
        this.port = port;
        this.logDir = logDir;
        this.output = output;
        this.process = process;
    }

    /** Starts broker {@code id} with its log folder under {@code dir}, on a free port. */
    public static ChildBroker start(int id, String zookeeperConnect, Path dir, Map<String, Object> overrides)
            throws IOException {
        return start(id, zookeeperConnect, dir, freePort(), overrides);
    }

    /** Starts broker {@code id} again on {@code port} with the log folder under {@code dir} (a restart). */
    public static ChildBroker start(int id, String zookeeperConnect, Path dir, int port, Map<String, Object> overrides)
            throws IOException {
        return start(id, zookeeperConnect, dir, port, overrides, List.of());
    }

    /**
     * Starts broker {@code id} with extra JVM options, e.g. {@code -Djava.security.auth.login.config=...}
     * (JVM-wide settings a test must not set in its own JVM).
     */
    public static ChildBroker start(int id, String zookeeperConnect, Path dir, Map<String, Object> overrides,
                                    List<String> jvmOptions) throws IOException {
        return start(id, zookeeperConnect, dir, freePort(), overrides, jvmOptions);
    }

    private static ChildBroker start(int id, String zookeeperConnect, Path dir, int port, Map<String, Object> overrides,
                                     List<String> jvmOptions) throws IOException {
        Path logDir = dir.resolve("child-broker-" + id);
        Properties props = new Properties();
        props.setProperty(KafkaConfig.BROKER_ID, String.valueOf(id));
        props.setProperty(KafkaConfig.ZOOKEEPER_CONNECT, zookeeperConnect);
        props.setProperty(KafkaConfig.LISTENERS, "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty(KafkaConfig.LOG_DIRS, logDir.toString());
        props.setProperty(KafkaConfig.NUM_NETWORK_THREADS, "2");
        props.setProperty(KafkaConfig.NUM_IO_THREADS, "4");
        props.setProperty(KafkaConfig.METRICS_JMX_ENABLE, "false");
        overrides.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        Path config = dir.resolve("child-broker-" + id + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "child broker " + id);
        }
        Path output = dir.resolve("child-broker-" + id + ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, Kafka.class.getName(), config.toString()));
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        return new ChildBroker(id, port, logDir, output, process);
    }

    public int id() {
        return id;
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path logDir() {
        return logDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it still runs. */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
            ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /** What the broker has written so far (its log). */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Sends a signal by name (STOP, CONT, KILL, TERM) with the {@code kill} command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() throws IOException, InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException("broker " + id + " (PID " + process.pid() + ") survived SIGKILL");
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill(); // SIGKILL ends a stopped process too
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
