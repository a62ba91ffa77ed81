package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Clients of other projects, installed from the package registries by {@code .ci/run}: Debian's
 * kcat and npm's kafkajs (into {@code target/js} at the repository root, or {@code $KAFKAJS_DIR}).
 * Where {@code ZKAFKA_REQUIRE_EXTERNAL_CLIENTS} is set (CI), a missing client fails the test;
 * elsewhere the test is skipped with the install command.
 */
final class ExternalClients {

    private ExternalClients() {
    }

    static Path kcat() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "kcat");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing("kcat", "apt-get install kcat");
    }

    static Path kafkajs() {
        String configured = System.getenv("KAFKAJS_DIR");
        Path dir = configured != null ? Path.of(configured)
            : Path.of("").toAbsolutePath().getParent().resolve("target/js/node_modules/kafkajs");
        if (!Files.isRegularFile(dir.resolve("package.json"))) {
            return missing("kafkajs at " + dir, "npm install --prefix target/js kafkajs@2.2.4");
        }
        return dir;
    }

    static Path node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing("node", "install Node.js 20");
    }

    private static Path missing(String what, String install) {
        if (System.getenv("ZKAFKA_REQUIRE_EXTERNAL_CLIENTS") != null) {
            fail(what + " is required here (ZKAFKA_REQUIRE_EXTERNAL_CLIENTS is set) but missing; " + install);
        }
        Assumptions.abort(what + " is not installed; " + install + " (.ci/run does)");
        return null;
    }

    /** Runs a command with {@code stdin} as its input; returns its output, failing on a non-zero exit. */
    static String run(List<String> command, String stdin, Path scratch, int timeoutSeconds)
        throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "client", ".out");
        Path in = Files.createTempFile(scratch, "client", ".in");
        Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectInput(in.toFile()).redirectOutput(out.toFile()).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(command + " did not finish in " + timeoutSeconds + " s: " + Files.readString(out));
            }
            String text = Files.readString(out);
            assertEquals(0, process.exitValue(), command + " failed: " + text);
            return text;
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
