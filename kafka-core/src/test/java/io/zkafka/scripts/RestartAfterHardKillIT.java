package io.zkafka.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.tools.internals.ClusterProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker holding a few thousand partitions, killed with SIGKILL and started again with
 * {@code kafka-server-start.sh -daemon} and a 3 s start timeout, about what loading its logs takes:
 * when loading takes longer, the script must say so and wait (reporting how far it got), never stop
 * it; then every partition is led again. A clean stop and start after that reads no batch while loading.
 */
class RestartAfterHardKillIT {
    private static final int TOPICS = 30;
    private static final int PARTITIONS = 100;
    /** Batches written to every partition, none flushed: all are validated again after the kill. */
    private static final int ROUNDS = 10;
    private static final int START_TIMEOUT_S = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LOADED = Pattern.compile(
        "Loaded (\\d+) of (\\d+) logs in (\\d+) ms after an? (clean|unclean) shutdown: (\\d+) batches read, (\\d+) "
            + "validated");

    @TempDir
    Path dir;

    private Path runDir;
    private Path logsDir;
    private ScriptRunner scripts;
    private ScriptRunner patientScripts;
    private final List<Long> startedPids = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Path root = ScriptRunner.findRepositoryRoot();
        runDir = dir.resolve("run");
        logsDir = dir.resolve("logs");
        Map<String, String> environment = new HashMap<>(ScriptRunner.distributionEnvironment(root));
        environment.put("ZKAFKA_RUN_DIR", runDir.toString());
        environment.put("ZKAFKA_LOG_DIR", logsDir.toString());
        environment.put("KAFKA_HEAP_OPTS", "-Xmx512M -Xms64M");
        // below what loading these logs after a hard kill takes (checked below): the old script gave up and stopped the broker
        environment.put("KAFKA_START_TIMEOUT_SECONDS", String.valueOf(START_TIMEOUT_S));
        scripts = new ScriptRunner(root, Files.createDirectories(dir.resolve("script-output")), environment);
        // the clean stop and restart are not about the script's timeouts: a busy machine may take seconds to
        // start a JVM, and the stop after a hard-kill restart flushes every recovered log
        Map<String, String> relaxed = new HashMap<>(environment);
        relaxed.put("KAFKA_START_TIMEOUT_SECONDS", "120");
        relaxed.put("KAFKA_STOP_TIMEOUT_SECONDS", "80"); // below ScriptRunner's 90 s
        patientScripts = new ScriptRunner(root, dir.resolve("script-output"), relaxed);
    }

    @AfterEach
    void killLeftovers() {
        Processes.killAll(startedPids);
    }

    @Test
    void shouldRestartABrokerWithThousandsOfPartitionsAfterAHardKillWithoutItsStartScriptGivingUp() throws Exception {
        Path root = ScriptRunner.findRepositoryRoot();
        int[] ports = FreePorts.allocate(2);
        String bootstrap = "127.0.0.1:" + ports[1];
        Path zooKeeperConfig = ConfigTemplate.write(root, "zookeeper.properties", Map.of(
            "dataDir", dir.resolve("zookeeper").toString(), "clientPort", String.valueOf(ports[0])),
            dir.resolve("zookeeper.properties"));
        assertSucceeds(scripts.run("zookeeper-server-start.sh", "-daemon", zooKeeperConfig.toString()));
        pidOf("zookeeper-" + ports[0]);
        Path brokerConfig = ConfigTemplate.write(root, "server.properties", Map.of(
            "broker.id", "1",
            "listeners", "PLAINTEXT://127.0.0.1:" + ports[1],
            "log.dirs", dir.resolve("broker-1").toString(),
            "zookeeper.connect", "127.0.0.1:" + ports[0] + "/zkafka"), dir.resolve("server.properties"));
        assertSucceeds(scripts.run("kafka-server-start.sh", "-daemon", brokerConfig.toString()));
        long firstPid = pidOf("kafka-server-1");

        List<String> topics = IntStream.range(0, TOPICS).mapToObj(i -> "many-" + i).toList();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 60_000))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
                .all().get(60, TimeUnit.SECONDS);
            ClusterProbe probe = new ClusterProbe(admin, Duration.ofSeconds(10));
            ClusterProbe.await(() -> probe.allLed(topics, false), WAIT, "every partition led");
            writeBatchesToEach(bootstrap, topics);

            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // SIGKILL
            TestUtils.waitForCondition(() -> !Processes.isAlive(firstPid), WAIT, "the killed broker to be gone");

            ScriptRunner.Result restarted = scripts.run("kafka-server-start.sh", "-daemon", brokerConfig.toString());
            assertSucceeds(restarted);
            pidOf("kafka-server-1");
            Matcher loaded = lastLoadLine();
            System.out.println("after SIGKILL: " + loaded.group() + "; start script said:\n" + restarted.stderr());
            assertEquals("unclean", loaded.group(4), loaded.group());
            assertEquals(TOPICS * PARTITIONS, Integer.parseInt(loaded.group(1)));
            assertEquals(TOPICS * PARTITIONS * ROUNDS, Integer.parseInt(loaded.group(6)), "batches validated");
            if (Long.parseLong(loaded.group(3)) > (START_TIMEOUT_S + 1) * 1000L) {
                assertTrue(restarted.stderr().contains("is still loading its logs"), "loading took " + loaded.group(3)
                    + " ms, beyond the start timeout: the script must have said so and waited\n" + restarted.describe());
            }
            assertFalse(restarted.stderr().contains("stopping it"), restarted.describe());
            ClusterProbe.await(() -> probe.allLed(topics, false), WAIT, "every partition led after the restart");
            assertEquals(TOPICS * PARTITIONS, probe.servedEpochs(probe.partitions(topics).keySet()).size(),
                "every partition answers ListOffsets");
        }

        assertSucceeds(patientScripts.run("kafka-server-stop.sh", "--id", "1"));
        assertSucceeds(patientScripts.run("kafka-server-start.sh", "-daemon", brokerConfig.toString()));
        pidOf("kafka-server-1");
        Matcher clean = lastLoadLine();
        System.out.println("after a clean stop: " + clean.group());
        assertEquals("clean", clean.group(4), clean.group());
        assertEquals("0", clean.group(5), "batches read loading " + TOPICS * PARTITIONS + " logs after a clean stop: "
            + clean.group());
        assertSucceeds(scripts.run("kafka-server-stop.sh", "--id", "1"));
        assertSucceeds(scripts.run("zookeeper-server-stop.sh", zooKeeperConfig.toString()));
    }

    /** ROUNDS batches of one record to every partition: a round goes out whole before the next. */
    private static void writeBatchesToEach(String bootstrap, List<String> topics) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
            "acks", "1", "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<?>> sent = new ArrayList<>();
                for (String topic : topics) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        sent.add(producer.send(new ProducerRecord<>(topic, p, null, new byte[100])));
                    }
                }
                for (Future<?> future : sent) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The broker's last "Loaded N of N logs in ..." line. */
    /**
     * The load summary of the broker's latest run: its output is appended across restarts, so only what
     * follows the start script's last "===== ... starting broker" marker counts; waited for, in case
     * the script returned before the line was written.
     */
    private Matcher lastLoadLine() {
        AtomicReference<Matcher> found = new AtomicReference<>();
        TestUtils.waitForCondition(() -> {
            String out;
            try {
                out = Files.readString(logsDir.resolve("kafka-server-1.out"));
            } catch (IOException e) {
                return false;
            }
            int lastRun = out.lastIndexOf("===== ");
            Matcher matcher = LOADED.matcher(out.substring(Math.max(0, lastRun)));
            if (matcher.find()) {
                found.set(matcher);
                return true;
            }
            return false;
        }, WAIT, "the load summary of the broker's latest run");
        return found.get();
    }

    private long pidOf(String pidFileName) throws IOException {
        long pid = Long.parseLong(Files.readString(runDir.resolve(pidFileName + ".pid")).trim());
        startedPids.add(pid);
        return pid;
    }

    private static void assertSucceeds(ScriptRunner.Result result) {
        assertEquals(0, result.exitCode(), result.describe());
    }
}
