package io.zkafka.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts end to end, as a user runs them: one ZooKeeper and two brokers started with
 * {@code -daemon}, a topic created and described with {@code kafka-topics.sh}, keyed lines piped
 * through the console producer and back out of the console consumer, then everything stopped with
 * the stop scripts. The scripts run the packaged distribution when {@code package} has built it.
 * Configurations come from the templates in {@code conf/} with free ports and this test's folders,
 * so a running quickstart cluster is never disturbed. Confined to the test thread.
 */
class ScriptsEndToEndIT {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(20);
    private static final String TOPIC = "end-to-end";
    private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
    private static final int LINES = 1000;

    @TempDir
    Path dir;

    private Path repositoryRoot;
    private Path runDir;
    private ScriptRunner scripts;
    private Map<String, String> environment;
    private final List<Long> startedPids = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        repositoryRoot = ScriptRunner.findRepositoryRoot();
        runDir = dir.resolve("run");
        environment = new HashMap<>(ScriptRunner.distributionEnvironment(repositoryRoot));
        environment.put("ZKAFKA_RUN_DIR", runDir.toString());
        environment.put("ZKAFKA_LOG_DIR", dir.resolve("logs").toString());
        environment.put("KAFKA_HEAP_OPTS", "-Xmx256M -Xms64M");
        environment.put("ZKAFKA_CDS_DIR", dir.resolve("cds").toString());
        scripts = new ScriptRunner(repositoryRoot, Files.createDirectories(dir.resolve("script-output")), environment);
    }

    @AfterEach
    void killLeftovers() {
        Processes.killAll(startedPids);
    }

    @Test
    void shouldCarryKeyedLinesThroughTwoBrokersThatTheScriptsStartAndStop() throws Exception {
        int[] ports = FreePorts.allocate(4);
        int jmxPort = ports[3];
        int zooKeeperPort = ports[0];
        String bootstrap = "127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];

        Path zooKeeperConfig = ConfigTemplate.write(repositoryRoot, "zookeeper.properties", Map.of(
            "dataDir", dir.resolve("zookeeper").toString(),
            "clientPort", String.valueOf(zooKeeperPort),
            "4lw.commands.whitelist", "srvr,ruok,dump"), dir.resolve("zookeeper.properties"));
        assertSucceeds(scripts.run("zookeeper-server-start.sh", "-daemon", zooKeeperConfig.toString()));
        long zooKeeperPid = pidOf("zookeeper-" + zooKeeperPort);

        List<Path> brokerConfigs = new ArrayList<>();
        List<Long> brokerPids = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            Path config = ConfigTemplate.write(repositoryRoot, "server.properties", Map.of(
                "broker.id", String.valueOf(id),
                "listeners", "PLAINTEXT://127.0.0.1:" + ports[id],
                "log.dirs", logDir(id).toString(),
                "zookeeper.connect", "127.0.0.1:" + zooKeeperPort + "/zkafka"), dir.resolve("broker-" + id + ".properties"));
            // broker 1 opens remote JMX as Kafka's start script does, for kafka-metrics.sh below
            ScriptRunner starter = id == 1 ? withEnvironment("JMX_PORT", String.valueOf(jmxPort)) : scripts;
            assertSucceeds(starter.run("kafka-server-start.sh", "-daemon", config.toString()));
            brokerConfigs.add(config);
            brokerPids.add(pidOf("kafka-server-" + id));
        }
        TestUtils.waitForCondition(
            () -> brokerZnodes(zooKeeperPort).equals(Set.of("/zkafka/brokers/ids/1", "/zkafka/brokers/ids/2")),
            METADATA_TIMEOUT, () -> "both brokers to register; registered: " + brokerZnodes(zooKeeperPort)
                + brokerOutputTail(1) + brokerOutputTail(2));
        for (int id = 1; id <= 2; id++) {
            assertFalse(Files.exists(logDir(id).resolve(CLEAN_SHUTDOWN_MARKER)), "a running broker has no clean-shutdown marker");
        }

        ScriptRunner.Result created = scripts.run("kafka-topics.sh", "--bootstrap-server", bootstrap,
            "--create", "--topic", TOPIC, "--partitions", "2", "--replication-factor", "2");
        assertSucceeds(created);
        assertEquals("Created topic " + TOPIC + ".", created.stdout().strip(), created.describe());
        assertDescribesTwoPartitionsLedByDifferentBrokers(bootstrap);

        Path input = dir.resolve("input.txt");
        List<String> lines = IntStream.range(0, LINES).mapToObj(i -> "key-" + i + ":value " + i).toList();
        Files.write(input, lines, StandardCharsets.UTF_8);
        assertSucceeds(scripts.runWithInput(input, "kafka-console-producer.sh", "--bootstrap-server", bootstrap,
            "--topic", TOPIC, "--property", "parse.key=true", "--property", "key.separator=:"));
        ScriptRunner.Result consumed = scripts.run("kafka-console-consumer.sh", "--bootstrap-server", bootstrap,
            "--topic", TOPIC, "--from-beginning", "--max-messages", String.valueOf(LINES), "--timeout-ms", "30000",
            "--property", "print.key=true", "--property", "key.separator=:");
        assertSucceeds(consumed);
        List<String> consumedLines = consumed.stdout().lines().toList();
        assertEquals(LINES, consumedLines.size(), "lines consumed");
        assertEquals(Set.copyOf(lines), Set.copyOf(consumedLines));
        assertTrue(consumed.stderr().contains("Processed a total of " + LINES + " messages"), consumed.describe());
        assertConsumerGroupsScriptResetsAndDescribes(bootstrap);

        ScriptRunner.Result metrics = scripts.run("kafka-metrics.sh", "--jmx-url",
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi", "--object-name",
            "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec", "--attributes", "Count");
        assertSucceeds(metrics);
        String messagesIn = metrics.stdout().strip();
        assertTrue(messagesIn.startsWith("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec Count=")
            && Long.parseLong(messagesIn.substring(messagesIn.indexOf('=', messagesIn.indexOf(' ')) + 1)) > 0,
            "broker 1 led a partition of the lines: " + metrics.describe());

        assertSucceeds(scripts.run("kafka-server-stop.sh", brokerConfigs.get(0).toString()));
        assertStoppedCleanly(1, brokerPids.get(0));
        assertEquals(Set.of("/zkafka/brokers/ids/2"), brokerZnodes(zooKeeperPort), "broker 2 still registered");
        assertRestartKeepsTheEarlierOutput(brokerConfigs.get(0));
        assertSucceeds(scripts.run("kafka-server-stop.sh", "--id", "2"));
        assertStoppedCleanly(2, brokerPids.get(1));
        assertEquals(Set.of(), brokerZnodes(zooKeeperPort), "broker znodes after both stopped");

        assertSucceeds(scripts.run("zookeeper-server-stop.sh", zooKeeperConfig.toString()));
        assertFalse(Processes.isAlive(zooKeeperPid), "ZooKeeper PID " + zooKeeperPid + " after its stop script");
        try (var left = Files.list(runDir)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".pid")).collect(Collectors.toList()));
        }
    }

    /**
     * Broker 1 (stopped) starts again and stops: its {@code .out} file keeps the first run's output,
     * each run after its own start line.
     */
    private void assertRestartKeepsTheEarlierOutput(Path config) throws Exception {
        Path out = dir.resolve("logs").resolve("kafka-server-1.out");
        String firstRun = Files.readString(out);
        assertTrue(firstRun.contains("Broker 1 shut down"), "the first run's output: " + firstRun);
        // the packaged broker's first starts recorded their classes and the start script built an archive of them
        boolean packaged = !environment.containsKey("ZKAFKA_CLASSPATH");
        if (packaged) {
            TestUtils.waitForCondition(() -> !cdsArchives().isEmpty(), METADATA_TIMEOUT,
                () -> "a class data sharing archive in " + dir.resolve("cds") + ": " + cdsFolder());
        }
        ScriptRunner.Result wrongJit = withEnvironment("KAFKA_BROKER_JIT", "c3").run("kafka-server-start.sh", "-daemon",
            config.toString());
        assertTrue(wrongJit.exitCode() != 0 && wrongJit.stderr().contains("KAFKA_BROKER_JIT must be auto, c1 or tiered"),
            wrongJit.toString());
        ScriptRunner.Result started = withEnvironment("KAFKA_BROKER_JIT", "c1").run("kafka-server-start.sh", "-daemon",
            config.toString());
        assertSucceeds(started);
        assertTrue(started.stderr().contains("JIT: c1"), started.toString());
        long pid = pidOf("kafka-server-1");
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("-XX:TieredStopAtLevel=1"),
            "the broker's JVM runs C1 only");
        String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));
        if (packaged) {
            assertTrue(cdsArchives().stream().anyMatch(archive -> maps.contains(archive.toString())),
                "the restarted broker maps the archive " + cdsArchives());
        } else {
            assertFalse(maps.contains(dir.resolve("cds").toString()), "no archive of a classpath with folders");
        }
        assertSucceeds(scripts.run("kafka-server-stop.sh", config.toString()));
        assertStoppedCleanly(1, pid);
        String both = Files.readString(out);
        assertTrue(both.startsWith(firstRun), "the restart appended to the output, it did not truncate it");
        List<String> starts = both.lines().filter(l -> l.matches("===== \\S+ starting broker 1 =====")).toList();
        assertEquals(2, starts.size(), "one start line per run: " + starts);
        assertTrue(both.substring(firstRun.length()).contains("Broker 1 shut down"), "the second run's output");
    }

    private List<Path> cdsArchives() {
        return cdsFolder().stream().filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
    }

    private List<Path> cdsFolder() {
        try (var files = Files.list(dir.resolve("cds"))) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** kafka-consumer-groups.sh in its own JVM: commit offsets for a new group by a reset, see them, delete it. */
    private void assertConsumerGroupsScriptResetsAndDescribes(String bootstrap) throws Exception {
        String group = "scripts-group";
        ScriptRunner.Result reset = scripts.run("kafka-consumer-groups.sh", "--bootstrap-server", bootstrap,
            "--reset-offsets", "--group", group, "--topic", TOPIC, "--to-offset", "3", "--execute");
        assertSucceeds(reset);
        assertTrue(reset.stdout().contains("NEW-OFFSET"), reset.describe());
        ScriptRunner.Result described = scripts.run("kafka-consumer-groups.sh", "--bootstrap-server", bootstrap,
            "--describe", "--group", group);
        assertSucceeds(described);
        List<List<String>> rows = described.stdout().lines().map(l -> List.of(l.trim().split("\\s+")))
            .filter(columns -> columns.get(0).equals(group)).toList();
        assertEquals(2, rows.size(), described.describe());
        rows.forEach(columns -> assertEquals("3", columns.get(3), described.describe()));
        ScriptRunner.Result deleted = scripts.run("kafka-consumer-groups.sh", "--bootstrap-server", bootstrap,
            "--delete", "--group", group);
        assertSucceeds(deleted);
        assertTrue(deleted.stdout().contains("was successful"), deleted.describe());
    }

    private ScriptRunner withEnvironment(String key, String value) throws IOException {
        Map<String, String> more = new HashMap<>(environment);
        more.put(key, value);
        return new ScriptRunner(repositoryRoot, dir.resolve("script-output"), more);
    }

    /** Retries describe until both partitions have a leader, since brokers learn new topics asynchronously. */
    private void assertDescribesTwoPartitionsLedByDifferentBrokers(String bootstrap) {
        AtomicReference<ScriptRunner.Result> lastDescribed = new AtomicReference<>();
        TestUtils.retryUntilPassing(METADATA_TIMEOUT, () -> {
            lastDescribed.set(describe(bootstrap));
            assertEquals(2, leaders(lastDescribed.get()), "a leader for both partitions\n" + lastDescribed.get().describe());
        });
        ScriptRunner.Result described = lastDescribed.get();
        assertSucceeds(described);
        String header = described.stdout().lines().findFirst().orElse("");
        assertTrue(header.matches("Topic: " + TOPIC + "\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 2\tReplicationFactor: 2"
            + "\tConfigs:.*"), described.describe());

        Map<Integer, Map<String, String>> partitions = partitionLines(described.stdout());
        assertEquals(Set.of(0, 1), partitions.keySet(), described.describe());
        for (Map<String, String> fields : partitions.values()) {
            assertEquals(TOPIC, fields.get("Topic"), described.describe());
            assertEquals(Set.of("1", "2"), Set.of(fields.get("Replicas").split(",")), described.describe());
            assertEquals(Set.of("1", "2"), Set.of(fields.get("Isr").split(",")), described.describe());
            assertEquals(fields.get("Replicas").split(",")[0], fields.get("Leader"), "the preferred replica leads\n" + described.describe());
        }
        assertNotEquals(partitions.get(0).get("Leader"), partitions.get(1).get("Leader"),
            "leadership is spread over both brokers\n" + described.describe());
    }

    private ScriptRunner.Result describe(String bootstrap) throws IOException, InterruptedException {
        return scripts.run("kafka-topics.sh", "--bootstrap-server", bootstrap, "--describe", "--topic", TOPIC);
    }

    private static long leaders(ScriptRunner.Result described) {
        return partitionLines(described.stdout()).values().stream()
            .filter(fields -> Set.of("1", "2").contains(fields.get("Leader"))).count();
    }

    /** The partition lines of describe output ("\tTopic: t\tPartition: 0\tLeader: 1\t..."), by partition. */
    private static Map<Integer, Map<String, String>> partitionLines(String describeOutput) {
        Map<Integer, Map<String, String>> partitions = new TreeMap<>();
        describeOutput.lines().filter(line -> line.startsWith("\t")).forEach(line -> {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : line.strip().split("\t")) {
                int colon = field.indexOf(": ");
                if (colon > 0) {
                    fields.put(field.substring(0, colon), field.substring(colon + 2));
                }
            }
            if (fields.containsKey("Partition")) {
                partitions.put(Integer.parseInt(fields.get("Partition")), fields);
            }
        });
        return partitions;
    }

    /** After kafka-server-stop.sh: the JVM is gone and left the clean-shutdown marker in its log folder. */
    private void assertStoppedCleanly(int brokerId, long pid) {
        assertFalse(Processes.isAlive(pid), "broker " + brokerId + " (PID " + pid + ") after kafka-server-stop.sh");
        assertTrue(Files.isRegularFile(logDir(brokerId).resolve(CLEAN_SHUTDOWN_MARKER)),
            "broker " + brokerId + " left " + CLEAN_SHUTDOWN_MARKER + " in " + logDir(brokerId));
        assertFalse(Files.exists(runDir.resolve("kafka-server-" + brokerId + ".pid")), "the stop script removes the PID file");
    }

    /** The broker registrations among ZooKeeper's ephemeral znodes, from the {@code dump} four-letter word. */
    private static Set<String> brokerZnodes(int zooKeeperPort) {
        String dump = FourLetterWords.ask(zooKeeperPort, "dump")
            .orElseThrow(() -> new AssertionError("ZooKeeper on port " + zooKeeperPort + " did not answer dump"));
        assertTrue(dump.contains("ephemeral nodes dump"), "dump reply:\n" + dump);
        return dump.lines().map(String::strip).filter(line -> line.contains("/brokers/ids/")).collect(Collectors.toSet());
    }

    /** The last lines a broker wrote to its output file, for a failure message. */
    private String brokerOutputTail(int brokerId) {
        Path out = dir.resolve("logs").resolve("kafka-server-" + brokerId + ".out");
        try {
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            return "\n--- the last lines of " + out + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "\n--- " + out + " unreadable: " + e;
        }
    }

    private Path logDir(int brokerId) {
        return dir.resolve("broker-" + brokerId);
    }

    /** Reads the PID file the start script wrote and remembers the PID for the clean-up. */
    private long pidOf(String pidFileName) throws IOException {
        long pid = Long.parseLong(Files.readString(runDir.resolve(pidFileName + ".pid")).trim());
        startedPids.add(pid);
        return pid;
    }

    private static void assertSucceeds(ScriptRunner.Result result) {
        assertEquals(0, result.exitCode(), result.describe());
    }
}
