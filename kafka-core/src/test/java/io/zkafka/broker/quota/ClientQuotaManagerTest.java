package io.zkafka.broker.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.network.ClientQuotas.Kind;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.coordination.ClientQuotaEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kafka's order of quotas, whose clients share a rate, and the throttle time, on a clock the test moves. */
@Timeout(30)
class ClientQuotaManagerTest {
    private static final String D = ClientQuotaEntity.DEFAULT;
    private static final KafkaPrincipal ALICE = KafkaPrincipal.user("alice");
    private static final KafkaPrincipal BOB = KafkaPrincipal.user("bob");

    private final List<String> throttles = new ArrayList<>();
    /** Two windows of a second: a rate is judged over at least one second. */
    private final ClientQuotaManager quotas = new ClientQuotaManager(2, 1000,
        (kind, ms) -> throttles.add(kind + " " + ms));

    private static Map<String, Double> produce(double bytesPerSecond) {
        return Map.of("producer_byte_rate", bytesPerSecond);
    }

    @Test
    void shouldBeInactiveAndNeverThrottleWithoutQuotas() {
        assertFalse(quotas.active());
        assertEquals(0, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 1 << 30, 0));
        quotas.set(new ClientQuotaEntity("alice", null), produce(100));
        assertTrue(quotas.active());
        quotas.set(new ClientQuotaEntity("alice", null), Map.of());
        assertFalse(quotas.active(), "removing the last quota turns the accounting off");
    }

    @Test
    void shouldThrottleByKafkasFormulaForAtMostAllTheWindows() {
        quotas.set(new ClientQuotaEntity(null, "c"), produce(1000));
        assertEquals(0, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 1000, 0), "1000 B over 1 s: at the quota");
        // 1500 B over the 1 s minimum span: 500 B/s over a 1000 B/s quota -> 0.5 * 1000 ms
        assertEquals(500, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 500, 0));
        // 100 ms on, the span is 1.1 s: 1700 B / 1.1 s over 1000 B/s -> (1545.45 - 1000) / 1000 * 1100 ms
        assertEquals(600, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 200, 100));
        // far over: capped at all the windows
        assertEquals(2000, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 1_000_000, 200));
        assertEquals(List.of("PRODUCE 500", "PRODUCE 600", "PRODUCE 2000"), throttles);
        assertEquals(0, quotas.recordAndThrottleMs(Kind.FETCH, ALICE, "c", 1_000_000, 200),
            "a producer quota does not limit fetches");
    }

    @Test
    void shouldForgetBytesOlderThanAllTheWindows() {
        quotas.set(new ClientQuotaEntity(null, "c"), produce(1000));
        assertTrue(quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 5000, 0) > 0);
        assertEquals(0, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "c", 500, 2500),
            "two windows later the burst is forgotten");
    }

    @Test
    void shouldTakeTheFirstQuotaSetInKafkasOrder() {
        quotas.set(new ClientQuotaEntity(null, D), produce(8));
        assertEquals(8, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity(null, "c"), produce(7));
        assertEquals(7, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity(D, null), produce(6));
        assertEquals(6, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity(D, D), produce(5));
        assertEquals(5, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity(D, "c"), produce(4));
        assertEquals(4, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity("alice", null), produce(3));
        assertEquals(3, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity("alice", D), produce(2));
        assertEquals(2, quotaOf(ALICE, "c"));
        quotas.set(new ClientQuotaEntity("alice", "c"), produce(1));
        assertEquals(1, quotaOf(ALICE, "c"));
        assertEquals(2, quotaOf(ALICE, "other"), "alice's other clients get her default client's quota");
        assertEquals(4, quotaOf(BOB, "c"), "bob's client c gets the default user's quota for c");
        assertEquals(5, quotaOf(BOB, "other"));
    }

    private double quotaOf(KafkaPrincipal user, String clientId) {
        return quotas.quotaFor(Kind.PRODUCE, user.name(), clientId);
    }

    @Test
    void shouldShareARateAmongTheClientsTheQuotaCovers() {
        quotas.set(new ClientQuotaEntity("alice", null), produce(1000));
        quotas.set(new ClientQuotaEntity(D, null), produce(1000));
        assertEquals(0, quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "one", 1000, 0));
        assertTrue(quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "two", 1, 0) > 0,
            "alice's quota is hers, whichever client she uses");
        assertEquals(0, quotas.recordAndThrottleMs(Kind.PRODUCE, BOB, "one", 1000, 0),
            "the default user's quota is each user's own");
    }

    @Test
    void shouldDropRatesIdleForAllTheWindows() {
        quotas.set(new ClientQuotaEntity(null, D), produce(1000));
        for (int i = 0; i < 5; i++) {
            quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "client-" + i, 1, 0);
        }
        assertEquals(5, quotas.rateCount());
        quotas.recordAndThrottleMs(Kind.PRODUCE, ALICE, "client-0", 1, 3000);
        assertEquals(1, quotas.rateCount(), "only the client that came back is kept");
    }

    @Test
    void shouldRefuseNoWindows() {
        assertThrows(IllegalArgumentException.class, () -> new ClientQuotaManager(0, 1000, (kind, ms) -> { }));
    }
}
