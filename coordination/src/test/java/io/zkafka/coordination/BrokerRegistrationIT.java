package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import io.zkafka.test.TestUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerRegistrationIT {
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

    private static BrokerInfo broker(int id) {
        return new BrokerInfo(id, "127.0.0.1", 9090 + id, "rack-" + id, 1_700_000_000_000L + id);
    }

    @Test
    void shouldRegisterBrokerAsEphemeralZnodeUnderTheChroot() throws Exception {
        CoordinationClient client = zk.newClient();
        BrokerRegistration registration = zk.track(client.registerBroker(broker(1)));

        assertTrue(registration.isRegistered());
        assertEquals(Optional.of(broker(1).withEpoch(registration.brokerEpoch())), client.reader().broker(1));
        assertEquals(client.access().curator().checkExists().forPath("/brokers/ids/1").getCzxid(),
            registration.brokerEpoch(), "the broker epoch is the registration's creation zxid");
        byte[] raw = client.access().curator().usingNamespace(null).getData().forPath("/zkafka/brokers/ids/1");
        assertEquals("{\"version\":5,\"host\":\"127.0.0.1\",\"port\":9091,\"rack\":\"rack-1\","
            + "\"timestamp\":\"1700000000001\",\"endpoints\":[\"PLAINTEXT://127.0.0.1:9091\"],"
            + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"}}",
            new String(raw, StandardCharsets.UTF_8));
        long owner = client.access().curator().checkExists().forPath("/brokers/ids/1").getEphemeralOwner();
        assertEquals(client.access().sessionId(), owner);
    }

    @Test
    void shouldDeregisterOnClose() {
        CoordinationClient client = zk.newClient();
        CoordinationClient observer = zk.newClient();
        BrokerRegistration registration = client.registerBroker(broker(2));
        registration.close();
        registration.close();

        assertEquals(Optional.empty(), observer.reader().broker(2));
        assertFalse(registration.isRegistered());
    }

    @Test
    void shouldReregisterAfterSessionExpiry() throws Exception {
        CoordinationClient client = zk.newClient();
        CoordinationClient observer = zk.newClient();
        BrokerRegistration registration = zk.track(client.registerBroker(broker(3)));
        long firstSession = client.access().sessionId();

        zk.expireSessionOnServer(client);

        TestUtils.waitForCondition(() -> client.access().sessionId() != firstSession && client.isConnected(),
            Duration.ofSeconds(10), "a new session");
        TestUtils.waitForCondition(registration::isRegistered, Duration.ofSeconds(10), "re-registration");
        assertEquals(Optional.of(broker(3).withEpoch(registration.brokerEpoch())), observer.reader().broker(3));
    }

    @Test
    void shouldRefuseToStartWhenALiveBrokerHoldsTheId() {
        CoordinationClient first = zk.newClient();
        zk.track(first.registerBroker(broker(4)));
        CoordinationClient second = zk.newClient();

        long started = System.nanoTime();
        BrokerIdConflictException e = assertThrows(BrokerIdConflictException.class,
            () -> second.registerBroker(broker(4)));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(e.getMessage().contains("broker id 4"), e.getMessage());
        assertTrue(waitedMs >= ZooKeeperTestHarness.SESSION_TIMEOUT_MS, "gave up after only " + waitedMs + " ms");
        assertTrue(first.reader().broker(4).isPresent());
    }

    @Test
    void shouldNotReplaceALiveBrokerWhoseEpochTheProofDoesNotName() {
        CoordinationClient first = zk.newClient();
        BrokerRegistration live = zk.track(first.registerBroker(broker(6)));
        CoordinationClient second = zk.newClient();

        assertThrows(BrokerIdConflictException.class, () -> second.registerBroker(broker(6),
            OptionalLong.of(live.brokerEpoch() - 1), epoch -> { }, e -> { }));

        assertEquals(live.brokerEpoch(), first.reader().broker(6).orElseThrow().epoch());
        assertTrue(live.isRegistered());
    }

    @Test
    void shouldRegisterOnceTheStaleRegistrationOfAHardKilledIncarnationExpires() throws Exception {
        CoordinationClient restarted = zk.newClient();
        // the killed incarnation: a session that registered and then vanished without closing, so the
        // server keeps its znode until the session times out (a raw client, which never reconnects)
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper killed = new ZooKeeper(zk.connectString(), ZooKeeperTestHarness.SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertTrue(connected.await(10, TimeUnit.SECONDS), "the killed incarnation connected");
        killed.create(ZnodePaths.broker(5), ZnodePayloads.broker(broker(5)), ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.EPHEMERAL);
        killed.getTestable().injectSessionExpiration();
        assertTrue(restarted.reader().broker(5).isPresent(), "the stale registration should still be there");

        BrokerRegistration registration = zk.track(restarted.registerBroker(broker(5)));

        assertTrue(registration.isRegistered());
        long owner = restarted.access().curator().checkExists().forPath("/brokers/ids/5").getEphemeralOwner();
        assertEquals(restarted.access().sessionId(), owner);
    }
}
