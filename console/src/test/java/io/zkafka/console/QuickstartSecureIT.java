package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/quickstart.sh --secure} as a user runs it, on its own ports (ZooKeeper 2181-2183,
 * brokers 9092-9094 and 9192-9194): it comes up with SASL_SSL listeners, SCRAM users and ACLs, and
 * its printed examples work: alice, who has no ACLs, is refused a produce, admin grants her the
 * producer ACLs with kafka-acls.sh, and then her produce succeeds. Here, in the last module the build
 * makes, because the quickstart needs every module's jar (the web console's too). Stopped with
 * {@code quickstart.sh stop} whatever happens.
 */
class QuickstartSecureIT {
    private static final long SCRIPT_TIMEOUT_SECONDS = 240;

    @TempDir
    Path dir;

    private final Path root = Path.of(System.getProperty("user.dir")).getParent();

    @AfterEach
    void stop() throws Exception {
        run(List.of("bash", root.resolve("scripts/quickstart.sh").toString(), "stop"), null);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldStartASecuredClusterWhoseExamplesWork() throws Exception {
        Result started = run(List.of("bash", root.resolve("scripts/quickstart.sh").toString(), "--secure"), null);
        assertEquals(0, started.exitCode(), started.output());
        assertTrue(started.output().contains("ZKafka quickstart cluster is up, secured."), started.output());
        Path data = dir.resolve("data");
        String admin = data.resolve("admin.properties").toString();
        String alice = data.resolve("alice.properties").toString();
        String bootstrap = "127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094";

        Result refused = run(List.of(script("kafka-console-producer.sh"), "--bootstrap-server", bootstrap,
            "--producer.config", alice, "--topic", "quickstart"), "from alice\n");
        assertTrue(refused.output().contains("TOPIC_AUTHORIZATION_FAILED"), refused.output());

        Result granted = run(List.of(script("kafka-acls.sh"), "--bootstrap-server", bootstrap, "--command-config", admin,
            "--add", "--allow-principal", "User:alice", "--producer", "--topic", "quickstart"), null);
        assertEquals(0, granted.exitCode(), granted.output());
        Result produced = run(List.of(script("kafka-console-producer.sh"), "--bootstrap-server", bootstrap,
            "--producer.config", alice, "--topic", "quickstart"), "from alice\n");
        assertEquals(0, produced.exitCode(), produced.output());
        assertTrue(!produced.output().contains("AUTHORIZATION_FAILED"), produced.output());
    }

    private String script(String name) {
        return root.resolve("scripts").resolve(name).toString();
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "script", ".out");
        Path in = Files.createTempFile(dir, "script", ".in");
        Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
            .redirectInput(in.toFile()).redirectOutput(out.toFile());
        Map<String, String> env = builder.environment();
        env.put("ZKAFKA_QUICKSTART_DIR", dir.resolve("data").toString());
        env.put("QUICKSTART_CONSOLE_PORT", String.valueOf(freePort()));
        env.put("ZKAFKA_RUN_DIR", dir.resolve("data/run").toString());
        env.put("ZKAFKA_LOG_DIR", dir.resolve("data/logs").toString());
        Process process = builder.start();
        if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s:\n"
                + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
