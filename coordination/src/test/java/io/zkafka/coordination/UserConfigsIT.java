package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.test.TestUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users' configs in a real ZooKeeper: Kafka's znode and change notification, names encoded as Kafka's,
 * and a watch that knows every existing user when it returns and follows changes from other clients.
 */
@Timeout(120)
class UserConfigsIT {
    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperTestHarness.start(dir);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    @Test
    void shouldWriteKafkasZnodeAndChangeNotification() throws Exception {
        CoordinationClient client = zk.newClient();
        client.userConfigs().update("alice smith*", config -> {
            config.put("SCRAM-SHA-256", "salt=AA==,stored_key=AQ==,server_key=Ag==,iterations=4096");
            return config;
        });
        assertEquals("/config/users/alice%20smith%2A", ZnodePaths.userConfig("alice smith*"));
        ZnodeBrowser browser = ZnodeBrowser.connect(zk.connectString(), 10_000);
        try {
            String payload = new String(browser.data("/config/users/alice%20smith%2A").orElseThrow(), StandardCharsets.UTF_8);
            assertEquals("{\"version\":1,\"config\":{\"SCRAM-SHA-256\":\"salt=AA==,stored_key=AQ==,server_key=Ag==,"
                + "iterations=4096\"}}", payload);
            List<String> changes = browser.children("/config/changes").orElseThrow();
            assertEquals(1, changes.size());
            assertTrue(changes.get(0).startsWith("config_change_"), changes::toString);
            assertEquals("{\"version\":2,\"entity_path\":\"users/alice%20smith%2A\"}", new String(
                browser.data("/config/changes/" + changes.get(0)).orElseThrow(), StandardCharsets.UTF_8));
        } finally {
            browser.close();
        }
        assertEquals(Map.of("alice smith*", Map.of("SCRAM-SHA-256", "salt=AA==,stored_key=AQ==,server_key=Ag==,"
            + "iterations=4096")), client.userConfigs().readAll());
    }

    @Test
    void shouldKnowExistingUsersWhenTheWatchReturnsAndFollowOtherWriters() throws Exception {
        CoordinationClient writer = zk.newClient();
        writer.userConfigs().update("bob", config -> Map.of("SCRAM-SHA-512", "one"));
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        CoordinationClient broker = zk.newClient();
        try (UserConfigs.Watch watch = broker.userConfigs().watch(seen::put)) {
            assertEquals(Map.of("bob", Map.of("SCRAM-SHA-512", "one")), seen, "loaded before watch() returned");
            writer.userConfigs().update("carol", config -> Map.of("SCRAM-SHA-256", "two"));
            writer.userConfigs().update("bob", config -> Map.of());
            TestUtils.waitForCondition(() -> Map.of("SCRAM-SHA-256", "two").equals(seen.get("carol"))
                && Map.of().equals(seen.get("bob")), Duration.ofSeconds(10), () -> "the watch saw the changes: " + seen);
            assertEquals(Map.of("SCRAM-SHA-256", "two"), seen.get("carol"));
            assertEquals(Map.of(), seen.get("bob"), "a user whose credentials were all deleted has none");
        }
    }
}
