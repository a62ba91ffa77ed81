package io.zkafka.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/zookeeper-server-start.sh} and {@code zookeeper-server-stop.sh} run the real
 * ZooKeeper server: a three-node ensemble that survives losing its leader, and a standalone node.
 * Configurations are generated from the templates in {@code conf/} with free ports and folders of
 * this test, so a running quickstart cluster is never disturbed. Confined to the test thread.
 */
class ZooKeeperScriptsIT {
    private static final Duration QUORUM_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path repositoryRoot;
    private Path runDir;
    private ScriptRunner scripts;
    private final List<Long> startedPids = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        repositoryRoot = ScriptRunner.findRepositoryRoot();
        runDir = dir.resolve("run");
        Path outputDir = Files.createDirectories(dir.resolve("script-output"));
        scripts = new ScriptRunner(repositoryRoot, outputDir, Map.of(
            "ZKAFKA_CLASSPATH", ScriptRunner.testClasspath(),
            "ZKAFKA_RUN_DIR", runDir.toString(),
            "ZKAFKA_LOG_DIR", dir.resolve("logs").toString(),
            "KAFKA_HEAP_OPTS", "-Xmx128M -Xms32M"));
    }

    @AfterEach
    void killLeftovers() {
        Processes.killAll(startedPids);
    }

    @Test
    void shouldRunAThreeNodeEnsembleThatSurvivesLosingItsLeader() throws Exception {
        int[] clientPorts = FreePorts.allocate(9);
        List<Path> configs = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            configs.add(ensembleConfig(node, clientPorts));
        }

        for (int node = 1; node <= 3; node++) {
            ScriptRunner.Result started = scripts.run("zookeeper-server-start.sh", "-daemon", configs.get(node - 1).toString());
            assertEquals(0, started.exitCode(), started.describe());
            startedPids.add(pidOf(clientPorts[node - 1]));
            assertEquals(String.valueOf(node), Files.readString(dir.resolve("zk-" + node + "/myid")).trim());
        }
        int[] ensemble = {clientPorts[0], clientPorts[1], clientPorts[2]};
        TestUtils.waitForCondition(() -> modes(ensemble).equals(List.of("follower", "follower", "leader")), QUORUM_TIMEOUT,
            "one leader and two followers");

        int leaderIndex = IntStream.range(0, 3)
            .filter(i -> FourLetterWords.mode(ensemble[i]).equals(Optional.of("leader"))).findFirst().orElseThrow();
        long leaderPid = startedPids.get(leaderIndex);
        ProcessHandle.of(leaderPid).orElseThrow().destroyForcibly();
        TestUtils.waitForCondition(() -> !Processes.isAlive(leaderPid), QUORUM_TIMEOUT, "the killed leader to exit");

        int[] survivors = IntStream.range(0, 3).filter(i -> i != leaderIndex).map(i -> ensemble[i]).toArray();
        TestUtils.waitForCondition(() -> modes(survivors).equals(List.of("follower", "leader")), QUORUM_TIMEOUT,
            "a new leader and a follower among the two survivors");

        ScriptRunner.Result stopped = scripts.run("zookeeper-server-stop.sh",
            configs.stream().map(Path::toString).toArray(String[]::new));
        assertEquals(0, stopped.exitCode(), stopped.describe());
        for (long pid : startedPids) {
            assertFalse(Processes.isAlive(pid), "PID " + pid + " still runs after the stop script\n" + stopped.describe());
        }
        try (var left = Files.list(runDir)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".pid")).collect(Collectors.toList()));
        }
    }

    @Test
    void shouldRunAStandaloneServerAndRefuseToStartItTwice() throws Exception {
        int port = FreePorts.allocate(1)[0];
        Path config = ConfigTemplate.write(repositoryRoot, "zookeeper.properties", Map.of(
            "dataDir", dir.resolve("standalone").toString(), "clientPort", String.valueOf(port)),
            dir.resolve("standalone.properties"));

        ScriptRunner.Result started = scripts.run("zookeeper-server-start.sh", "-daemon", config.toString());
        assertEquals(0, started.exitCode(), started.describe());
        long pid = pidOf(port);
        startedPids.add(pid);
        assertEquals(Optional.of("standalone"), FourLetterWords.mode(port), "the start script returns once it serves");
        assertEquals(Optional.of("imok"), FourLetterWords.ask(port, "ruok"));

        ScriptRunner.Result again = scripts.run("zookeeper-server-start.sh", "-daemon", config.toString());
        assertNotEquals(0, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains("already runs"), again.describe());
        assertEquals(pid, pidOf(port), "the refused start leaves the PID file alone");

        ScriptRunner.Result stopped = scripts.run("zookeeper-server-stop.sh", config.toString());
        assertEquals(0, stopped.exitCode(), stopped.describe());
        assertFalse(Processes.isAlive(pid), stopped.describe());
        assertFalse(Files.exists(runDir.resolve("zookeeper-" + port + ".pid")));
    }

    @Test
    void shouldExplainWrongUsageWithoutStartingAnything() throws Exception {
        ScriptRunner.Result missing = scripts.run("zookeeper-server-start.sh", "-daemon", dir.resolve("absent.properties").toString());
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("no such file"), missing.describe());

        ScriptRunner.Result unknownOption = scripts.run("zookeeper-server-start.sh", "--bogus");
        assertNotEquals(0, unknownOption.exitCode());
        assertTrue(unknownOption.stderr().contains("unknown option '--bogus'"), unknownOption.describe());

        ScriptRunner.Result nothingRuns = scripts.run("zookeeper-server-stop.sh");
        assertEquals(0, nothingRuns.exitCode(), nothingRuns.describe());
        assertTrue(nothingRuns.stderr().contains("nothing to stop"), nothingRuns.describe());
    }

    /** Member {@code node}'s template with this test's folder and ports: 3 client, 3 quorum, 3 election. */
    private Path ensembleConfig(int node, int[] ports) throws IOException {
        Map<String, String> changes = new HashMap<>(Map.of(
            "dataDir", dir.resolve("zk-" + node).toString(),
            "clientPort", String.valueOf(ports[node - 1])));
        for (int member = 1; member <= 3; member++) {
            changes.put("server." + member, "127.0.0.1:" + ports[2 + member] + ":" + ports[5 + member]
                + ";127.0.0.1:" + ports[member - 1]);
        }
        String name = "zookeeper-" + node + ".properties";
        return ConfigTemplate.write(repositoryRoot, name, changes, dir.resolve(name));
    }

    private long pidOf(int clientPort) throws IOException {
        return Long.parseLong(Files.readString(runDir.resolve("zookeeper-" + clientPort + ".pid")).trim());
    }

    private static List<String> modes(int[] ports) {
        return IntStream.of(ports).mapToObj(port -> FourLetterWords.mode(port).orElse("not serving")).sorted().toList();
    }
}
