package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path's ZooKeeper side: a dead incarnation's registration and controller latch node
 * removed at once, long before its 15 s session would expire; newer incarnations left alone; a live
 * broker or controller whose znodes a peer removed registering and competing again; and an
 * abandoned client (the crash model) leaving its session behind.
 */
class DeadIncarnationIT {
    private static final int TICK_MS = 1000;
    private static final int LONG_SESSION_MS = 15_000;
    /** Far below the session timeout: what happens within it was not done by an expiry. */
    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperTestHarness.start(dir, TICK_MS);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    private CoordinationClient longSessionClient() {
        return zk.newClient(Map.of(CoordinationConfig.SESSION_TIMEOUT_MS, Integer.toString(LONG_SESSION_MS),
            CoordinationConfig.CONNECTION_TIMEOUT_MS, "5000"));
    }

    private static BrokerInfo broker(int id) {
        return new BrokerInfo(id, "127.0.0.1", 9090 + id, null, 1_700_000_000_000L + id);
    }

    /** A broker's registration and controller election on a client of its own. */
    private static final class Member implements ControllerListener {
        final CoordinationClient client;
        final BrokerRegistration registration;
        final ControllerElection election;
        final List<Long> epochs = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        Member(ZooKeeperTestHarness zk, CoordinationClient client, int id) {
            this.client = client;
            this.registration = zk.track(client.registerBroker(broker(id), OptionalLong.empty(), epochs::add, e -> { }));
            this.election = zk.track(client.newControllerElection(id, this));
        }

        @Override
        public void onBecameController(ControllerEpoch epoch) {
            events.add("elected:" + epoch.epoch());
        }

        @Override
        public void onResigned() {
            events.add("resigned");
        }
    }

    @Test
    void shouldRemoveADeadControllersRegistrationAndLatchNodeSoTheNextOneTakesOverAtOnce() {
        Member first = new Member(zk, longSessionClient(), 1);
        first.election.start();
        TestUtils.waitForCondition(first.election::isController, FAST, "broker 1 leads");
        Member second = new Member(zk, longSessionClient(), 2);
        second.election.start();
        CoordinationClient observer = zk.newClient();
        long deadEpoch = first.registration.brokerEpoch();

        first.client.abandon();
        assertTrue(observer.reader().broker(1).isPresent(), "an abandoned session keeps its registration");

        long started = System.nanoTime();
        assertEquals(DeadBrokerRemoval.REMOVED, observer.removeDeadIncarnation(1, deadEpoch));
        assertFalse(observer.reader().broker(1).isPresent());
        TestUtils.waitForCondition(() -> second.election.isController(), FAST, "broker 2 takes over");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < LONG_SESSION_MS / 3, "took " + tookMs + " ms");
        assertEquals(OptionalInt.of(2), observer.reader().controllerId());
        assertEquals(DeadBrokerRemoval.GONE, observer.removeDeadIncarnation(1, deadEpoch), "idempotent");
    }

    @Test
    void shouldLeaveANewerIncarnationAlone() {
        CoordinationClient observer = zk.newClient();
        Member live = new Member(zk, longSessionClient(), 3);
        long epoch = live.registration.brokerEpoch();

        assertEquals(DeadBrokerRemoval.SUPERSEDED, observer.removeDeadIncarnation(3, epoch - 1));
        assertEquals(DeadBrokerRemoval.GONE, observer.removeDeadIncarnation(4, epoch));

        assertEquals(epoch, observer.reader().broker(3).orElseThrow().epoch());
        assertTrue(live.registration.isRegistered());
    }

    @Test
    void shouldRegisterAgainWithANewEpochWhenAPeerRemovesALiveBrokersRegistration() {
        CoordinationClient observer = zk.newClient();
        Member live = new Member(zk, longSessionClient(), 5);
        long firstEpoch = live.registration.brokerEpoch();
        assertEquals(List.of(firstEpoch), live.epochs);
        assertEquals(firstEpoch, observer.reader().broker(5).orElseThrow().epoch());

        assertEquals(DeadBrokerRemoval.REMOVED, observer.removeDeadIncarnation(5, firstEpoch));

        TestUtils.waitForCondition(() -> live.epochs.size() == 2, FAST, "a second registration");
        long secondEpoch = live.registration.brokerEpoch();
        assertTrue(secondEpoch > firstEpoch, secondEpoch + " after " + firstEpoch);
        assertEquals(secondEpoch, live.epochs.get(1));
        assertEquals(secondEpoch, observer.reader().broker(5).orElseThrow().epoch());
        assertTrue(live.registration.isRegistered());
    }

    @Test
    void shouldResignAndCompeteAgainWhenAPeerRemovesTheLatchNodeOfALiveController() {
        Member first = new Member(zk, longSessionClient(), 6);
        first.election.start();
        TestUtils.waitForCondition(first.election::isController, FAST, "broker 6 leads");
        Member second = new Member(zk, longSessionClient(), 7);
        second.election.start();
        CoordinationClient observer = zk.newClient();

        assertEquals(DeadBrokerRemoval.REMOVED,
            observer.removeDeadIncarnation(6, first.registration.brokerEpoch()));

        TestUtils.waitForCondition(() -> second.election.isController() && first.events.contains("resigned"), FAST,
            () -> "broker 7 leads and broker 6 resigned: " + first.events);
        assertFalse(first.election.isController());
        TestUtils.waitForCondition(() -> first.registration.isRegistered() && observer.reader().broker(6).isPresent(),
            FAST, "broker 6 registered again");
        // broker 6 is back in the election: it takes over when broker 7 leaves
        second.election.close();
        // the election reports a win to its listener after isController() turns true: wait for both
        TestUtils.waitForCondition(() -> first.election.isController() && first.events.size() == 3, FAST,
            () -> "broker 6 leads again: " + first.events);
        assertEquals(List.of("elected:1", "resigned", "elected:3"), first.events);
    }

    @Test
    void shouldKeepAnAbandonedSessionsRegistrationUntilTheSessionExpires() {
        CoordinationClient observer = zk.newClient();
        CoordinationClient crashing = zk.newClient();
        zk.track(crashing.registerBroker(broker(8)));

        long abandonedAt = System.nanoTime();
        crashing.abandon();

        assertTrue(observer.reader().broker(8).isPresent(), "the registration outlives the client");
        TestUtils.waitForCondition(() -> observer.reader().broker(8).isEmpty(), Duration.ofSeconds(30),
            "the session expires");
        long goneAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - abandonedAt);
        assertTrue(goneAfterMs >= ZooKeeperTestHarness.SESSION_TIMEOUT_MS - TICK_MS,
            "gone after " + goneAfterMs + " ms, before the session could expire: the session was closed");
    }

    @Test
    void shouldReplaceTheRegistrationOfAProvenDeadPredecessorAtOnce() {
        CoordinationClient killed = longSessionClient();
        BrokerRegistration old = zk.track(killed.registerBroker(broker(9)));
        long deadEpoch = old.brokerEpoch();
        killed.abandon();
        CoordinationClient restarted = longSessionClient();

        long started = System.nanoTime();
        BrokerRegistration registration = zk.track(restarted.registerBroker(broker(9), OptionalLong.of(deadEpoch),
            epoch -> { }, e -> { }));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(tookMs < LONG_SESSION_MS / 3, "took " + tookMs + " ms");
        assertTrue(registration.isRegistered());
        assertNotEquals(deadEpoch, registration.brokerEpoch());
        assertEquals(registration.brokerEpoch(), restarted.reader().broker(9).orElseThrow().epoch());
        assertTrue(restarted.reader().liveBrokerIds().contains(9));
    }
}
