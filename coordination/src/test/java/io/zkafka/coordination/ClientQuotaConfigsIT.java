package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client quotas in a real ZooKeeper: Kafka's znodes (users, client ids, a user's client ids, defaults) and
 * change notifications, SCRAM credentials kept in the user's shared znode, and a watch that knows every
 * existing entity when it returns and follows creations, changes, removals and deletions by other clients.
 */
@Timeout(120)
class ClientQuotaConfigsIT {
    private static final String PRODUCE = ClientQuotaConfigs.PRODUCER_BYTE_RATE;
    private static final String CONSUME = ClientQuotaConfigs.CONSUMER_BYTE_RATE;
    private static final String SCRAM = "salt=AA==,stored_key=AQ==,server_key=Ag==,iterations=4096";

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

    private String data(ZnodeBrowser browser, String path) {
        return new String(browser.data(path).orElseThrow(() -> new AssertionError("no znode " + path)),
            StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteKafkasZnodesAndChangeNotifications() throws Exception {
        ClientQuotaConfigs quotas = zk.newClient().clientQuotaConfigs();
        quotas.alter(ClientQuotaEntity.ofUser("alice smith*"), Map.of(PRODUCE, 1024.0), Set.of());
        quotas.alter(new ClientQuotaEntity("bob", ClientQuotaEntity.DEFAULT), Map.of(CONSUME, 2048.5), Set.of());
        quotas.alter(ClientQuotaEntity.ofClientId("app 1"), Map.of(PRODUCE, 10.0, CONSUME, 20.0), Set.of());
        quotas.alter(ClientQuotaEntity.ofClientId(ClientQuotaEntity.DEFAULT), Map.of(PRODUCE, 5.0), Set.of());
        quotas.alter(ClientQuotaEntity.ofUser(ClientQuotaEntity.DEFAULT), Map.of(CONSUME, 6.0), Set.of());

        try (ZnodeBrowser browser = ZnodeBrowser.connect(zk.connectString(), 10_000)) {
            assertEquals("{\"version\":1,\"config\":{\"producer_byte_rate\":\"1024\"}}",
                data(browser, "/config/users/alice%20smith%2A"));
            assertEquals("{\"version\":1,\"config\":{\"consumer_byte_rate\":\"2048.5\"}}",
                data(browser, "/config/users/bob/clients/<default>"));
            assertEquals("{\"version\":1,\"config\":{}}", data(browser, "/config/users/bob"),
                "the parent user's znode is an empty config");
            assertEquals("{\"version\":1,\"config\":{\"consumer_byte_rate\":\"20\",\"producer_byte_rate\":\"10\"}}",
                data(browser, "/config/clients/app%201"));
            assertEquals("{\"version\":1,\"config\":{\"producer_byte_rate\":\"5\"}}", data(browser, "/config/clients/<default>"));
            assertEquals("{\"version\":1,\"config\":{\"consumer_byte_rate\":\"6\"}}", data(browser, "/config/users/<default>"));
            List<String> changes = new ArrayList<>(browser.children("/config/changes").orElseThrow());
            changes.sort(null);
            List<String> entityPaths = new ArrayList<>();
            for (String change : changes) {
                entityPaths.add(data(browser, "/config/changes/" + change));
            }
            assertEquals(List.of("{\"version\":2,\"entity_path\":\"users/alice%20smith%2A\"}",
                "{\"version\":2,\"entity_path\":\"users/bob/clients/<default>\"}",
                "{\"version\":2,\"entity_path\":\"clients/app%201\"}",
                "{\"version\":2,\"entity_path\":\"clients/<default>\"}",
                "{\"version\":2,\"entity_path\":\"users/<default>\"}"), entityPaths);
        }

        Map<ClientQuotaEntity, Map<String, Double>> expected = new LinkedHashMap<>();
        expected.put(ClientQuotaEntity.ofUser(ClientQuotaEntity.DEFAULT), Map.of(CONSUME, 6.0));
        expected.put(ClientQuotaEntity.ofUser("alice smith*"), Map.of(PRODUCE, 1024.0));
        expected.put(new ClientQuotaEntity("bob", ClientQuotaEntity.DEFAULT), Map.of(CONSUME, 2048.5));
        expected.put(ClientQuotaEntity.ofClientId(ClientQuotaEntity.DEFAULT), Map.of(PRODUCE, 5.0));
        expected.put(ClientQuotaEntity.ofClientId("app 1"), Map.of(PRODUCE, 10.0, CONSUME, 20.0));
        assertEquals(expected, quotas.readAll(), "bob alone has no quotas, so is not an entity");
        assertEquals(Map.of(PRODUCE, 10.0, CONSUME, 20.0), quotas.read(ClientQuotaEntity.ofClientId("app 1")));
        assertEquals(Map.of(), quotas.read(ClientQuotaEntity.ofUser("bob")));
        assertEquals(Map.of(), quotas.read(new ClientQuotaEntity("nobody", "app")));
    }

    @Test
    void shouldKeepTheScramCredentialsThatShareTheUsersZnode() {
        CoordinationClient client = zk.newClient();
        UserConfigs users = client.userConfigs();
        ClientQuotaConfigs quotas = client.clientQuotaConfigs();
        users.update("carol", config -> Map.of("SCRAM-SHA-256", SCRAM));
        quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of(PRODUCE, 100.0, CONSUME, 200.0), Set.of());
        assertEquals(Map.of("SCRAM-SHA-256", SCRAM, PRODUCE, "100", CONSUME, "200"), users.read("carol"));

        users.update("carol", config -> {
            config.put("SCRAM-SHA-512", SCRAM);
            return config;
        });
        assertEquals(Map.of(PRODUCE, 100.0, CONSUME, 200.0), quotas.read(ClientQuotaEntity.ofUser("carol")),
            "a SCRAM change keeps the quotas");
        quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of(PRODUCE, 150.0), Set.of(CONSUME));
        assertEquals(Map.of("SCRAM-SHA-256", SCRAM, "SCRAM-SHA-512", SCRAM, PRODUCE, "150"), users.read("carol"));
        quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of(), Set.of(PRODUCE));
        assertEquals(Map.of("SCRAM-SHA-256", SCRAM, "SCRAM-SHA-512", SCRAM), users.read("carol"));
        assertEquals(Map.of(), quotas.readAll(), "a user with credentials only has no quotas");

        assertThrows(IllegalArgumentException.class,
            () -> quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of(), Set.of("SCRAM-SHA-256")),
            "the quota API cannot remove a credential");
        assertThrows(IllegalArgumentException.class,
            () -> quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of("request_percentage", 50.0), Set.of()));
        assertThrows(IllegalArgumentException.class,
            () -> quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of(PRODUCE, 0.0), Set.of()));
        assertThrows(IllegalArgumentException.class,
            () -> quotas.alter(ClientQuotaEntity.ofUser("carol"), Map.of(PRODUCE, Double.NaN), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new ClientQuotaEntity(null, null));
        assertThrows(IllegalArgumentException.class,
            () -> quotas.alter(ClientQuotaEntity.ofClientId(""), Map.of(PRODUCE, 1.0), Set.of()));
        assertEquals(Map.of("SCRAM-SHA-256", SCRAM, "SCRAM-SHA-512", SCRAM), users.read("carol"));
    }

    @Test
    void shouldKnowExistingEntitiesWhenTheWatchReturnsAndFollowOtherWriters() throws Exception {
        CoordinationClient writer = zk.newClient();
        ClientQuotaConfigs quotas = writer.clientQuotaConfigs();
        ClientQuotaEntity dave = ClientQuotaEntity.ofUser("dave");
        ClientQuotaEntity daveApp = new ClientQuotaEntity("dave", "app");
        ClientQuotaEntity defaultClient = ClientQuotaEntity.ofClientId(ClientQuotaEntity.DEFAULT);
        ClientQuotaEntity anyUsersDefaultClient = new ClientQuotaEntity(ClientQuotaEntity.DEFAULT, ClientQuotaEntity.DEFAULT);
        quotas.alter(dave, Map.of(PRODUCE, 1000.0), Set.of());
        quotas.alter(defaultClient, Map.of(CONSUME, 3000.0), Set.of());
        writer.userConfigs().update("erin", config -> Map.of("SCRAM-SHA-256", SCRAM));

        Map<ClientQuotaEntity, Map<String, Double>> seen = new ConcurrentHashMap<>();
        List<String> calls = new ArrayList<>();
        CoordinationClient broker = zk.newClient();
        try (ClientQuotaConfigs.Watch watch = broker.clientQuotaConfigs().watch((entity, values) -> {
            synchronized (calls) {
                calls.add(entity + " " + values);
            }
            seen.put(entity, values);
        })) {
            assertEquals(Map.of(dave, Map.of(PRODUCE, 1000.0), defaultClient, Map.of(CONSUME, 3000.0)), seen,
                "loaded before watch() returned; erin has credentials only");

            quotas.alter(daveApp, Map.of(CONSUME, 10.0), Set.of());
            quotas.alter(anyUsersDefaultClient, Map.of(PRODUCE, 20.0), Set.of());
            quotas.alter(dave, Map.of(PRODUCE, 1500.0), Set.of());
            quotas.alter(defaultClient, Map.of(), Set.of(CONSUME));
            TestUtils.waitForCondition(() -> Map.of(CONSUME, 10.0).equals(seen.get(daveApp))
                    && Map.of(PRODUCE, 20.0).equals(seen.get(anyUsersDefaultClient))
                    && Map.of(PRODUCE, 1500.0).equals(seen.get(dave)) && Map.of().equals(seen.get(defaultClient)),
                Duration.ofSeconds(10), () -> "the watch saw the changes: " + calls);

            int before;
            synchronized (calls) {
                before = calls.size();
            }
            writer.userConfigs().update("dave", config -> {
                config.put("SCRAM-SHA-512", SCRAM);
                return config;
            });
            quotas.alter(ClientQuotaEntity.ofClientId("marker"), Map.of(PRODUCE, 1.0), Set.of());
            TestUtils.waitForCondition(() -> seen.containsKey(ClientQuotaEntity.ofClientId("marker")),
                Duration.ofSeconds(10), () -> "the marker arrived: " + calls);
            synchronized (calls) {
                assertEquals(List.of("client-id marker {producer_byte_rate=1.0}"), calls.subList(before, calls.size()),
                    "a change of dave's credentials is not a quota change");
            }

            writer.access().curator().delete().deletingChildrenIfNeeded().forPath("/config/users/dave");
            TestUtils.waitForCondition(() -> Map.of().equals(seen.get(dave)) && Map.of().equals(seen.get(daveApp)),
                Duration.ofSeconds(10), () -> "deleted znodes are entities without quotas: " + calls);
            assertEquals(Map.of(PRODUCE, 20.0), seen.get(anyUsersDefaultClient));
        }
        assertTrue(broker.clientQuotaConfigs().readAll().containsKey(anyUsersDefaultClient));
    }
}
