package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.test.TestUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs in a real ZooKeeper in Kafka's layout: versioned writes that lose nothing when two brokers add
 * at once, Kafka's JSON and change notices, a znode removed with its last entry, and the change watch
 * reporting each changed resource to another client.
 */
@Timeout(120)
class AclStoreIT {
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

    private static AclEntry read(String principal) {
        return new AclEntry(principal, "Allow", "Read", "*");
    }

    @Test
    void shouldLoseNoEntryWhenTwoBrokersAddToOneResourceAtOnce() throws Exception {
        AclResource topic = new AclResource(false, "Topic", "contended");
        List<AclStore> stores = List.of(zk.newClient().aclStore(), zk.newClient().aclStore());
        int perBroker = 25;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> adds = new ArrayList<>();
            for (int b = 0; b < stores.size(); b++) {
                AclStore store = stores.get(b);
                for (int i = 0; i < perBroker; i++) {
                    AclEntry entry = read("User:u" + b + "-" + i);
                    adds.add(pool.submit(() -> store.update(topic, entries -> {
                        entries.add(entry);
                        return entries;
                    })));
                }
            }
            for (Future<?> add : adds) {
                add.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2 * perBroker, stores.get(0).read(topic).size());
    }

    @Test
    void shouldStoreKafkasLayoutAndRemoveTheZnodeWithItsLastEntry() throws Exception {
        CoordinationClient client = zk.newClient();
        AclStore store = client.aclStore();
        AclResource prefixed = new AclResource(true, "Group", "team-");
        store.update(prefixed, entries -> {
            entries.add(new AclEntry("User:alice", "Deny", "Read", "10.0.0.1"));
            return entries;
        });
        byte[] stored = client.access().curator().getData().forPath("/kafka-acl-extended/prefixed/Group/team-");
        assertEquals("{\"version\":1,\"acls\":[{\"principal\":\"User:alice\",\"permissionType\":\"Deny\","
            + "\"operation\":\"Read\",\"host\":\"10.0.0.1\"}]}", new String(stored, StandardCharsets.UTF_8));
        List<String> notices = client.access().curator().getChildren().forPath(ZnodePaths.PREFIXED_ACL_CHANGES);
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).startsWith("acl_changes_"), notices.toString());
        assertEquals(Map.of(prefixed, Set.of(new AclEntry("User:alice", "Deny", "Read", "10.0.0.1"))), store.readAll());

        AclResource literal = new AclResource(false, "Topic", "t");
        store.update(literal, entries -> {
            entries.add(read("User:bob"));
            return entries;
        });
        byte[] notice = client.access().curator().getData().forPath(ZnodePaths.LITERAL_ACL_CHANGES + "/"
            + client.access().curator().getChildren().forPath(ZnodePaths.LITERAL_ACL_CHANGES).get(0));
        assertEquals("Topic:t", new String(notice, StandardCharsets.UTF_8));

        store.update(literal, entries -> Set.of());
        assertTrue(client.access().curator().checkExists().forPath("/kafka-acl/Topic/t") == null);
        assertEquals(Set.of(), store.read(literal));
    }

    @Test
    void shouldReportEachChangedResourceToAnotherClientsWatch() throws Exception {
        AclStore writer = zk.newClient().aclStore();
        List<AclResource> seen = new CopyOnWriteArrayList<>();
        AtomicInteger resyncs = new AtomicInteger();
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try (AclChangeWatch watch = zk.newClient().aclStore().newChangeWatch(seen::add, resyncs::incrementAndGet,
            callbacks)) {
            watch.start();
            TestUtils.waitForCondition(() -> resyncs.get() > 0, Duration.ofSeconds(30), "the first full read");
            assertEquals(1, resyncs.get(), "one full read once both notice folders are watched");
            AclResource literal = new AclResource(false, "TransactionalId", "tx-1");
            AclResource prefixed = new AclResource(true, "Topic", "logs-");
            writer.update(literal, entries -> {
                entries.add(read("User:a"));
                return entries;
            });
            writer.update(prefixed, entries -> {
                entries.add(read("User:b"));
                return entries;
            });
            TestUtils.waitForCondition(() -> seen.size() >= 2, Duration.ofSeconds(30), () -> "both changes, saw " + seen);
            assertEquals(Set.of(literal, prefixed), Set.copyOf(seen));
        } finally {
            callbacks.shutdownNow();
        }
    }
}
