package io.zkafka.broker.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.LeaderAndIsr;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MissingLogGuardTest {
    private static final int ME = 1;
    private final TopicPartition held = new TopicPartition("t", 0);
    private final TopicPartition created = new TopicPartition("t", 1);
    private final MissingLogGuard guard = new MissingLogGuard(ME);
    private final AtomicInteger changes = new AtomicInteger();

    @BeforeEach
    void start() {
        guard.onChange(changes::incrementAndGet);
        guard.onSnapshot(List.of(held));
    }

    @Test
    void shouldCreateAReplicaAssignedAfterTheStartEvenInTheIsr() {
        assertTrue(guard.isNew(created));
        assertTrue(guard.mayCreate(created, new LeaderAndIsr(ME, 0, List.of(ME, 2), 0), true));
        assertEquals(0, changes.get());
    }

    @Test
    void shouldWithholdAReplicaHeldBeforeTheStartWhileInTheIsrThenCreateItOnceOut() {
        assertFalse(guard.isNew(held));
        assertFalse(guard.mayCreate(held, new LeaderAndIsr(2, 3, List.of(2, ME), 0), false));
        assertFalse(guard.mayCreate(held, new LeaderAndIsr(ME, 4, List.of(ME), 0), false), "named leader: still not");
        assertEquals(Set.of(held), guard.withheld());
        assertEquals(1, changes.get(), "published once");

        assertTrue(guard.mayCreate(held, new LeaderAndIsr(2, 4, List.of(2), 0), false));
        assertTrue(guard.withheld().isEmpty());
        assertEquals(2, changes.get(), "published again without it");
    }

    @Test
    void shouldWithholdAReplicaHeldBeforeTheStartWhileALogDirIsOfflineEvenOutOfTheIsr() {
        assertFalse(guard.mayCreate(held, new LeaderAndIsr(2, 3, List.of(2), 0), true));
        assertTrue(guard.isWithheld(held));
        assertTrue(guard.mayCreate(held, new LeaderAndIsr(2, 3, List.of(2), 0), false));
    }

    @Test
    void shouldTreatAReplicaAssignedAgainAfterItsRemovalAsNew() {
        assertFalse(guard.mayCreate(held, new LeaderAndIsr(ME, 0, List.of(ME), 0), false));
        guard.forget(held);
        assertTrue(guard.withheld().isEmpty());
        assertTrue(guard.mayCreate(held, new LeaderAndIsr(ME, 0, List.of(ME), 0), false));
    }

    @Test
    void shouldWithholdEveryMissingLogInTheIsrBeforeTheFirstSnapshot() {
        MissingLogGuard early = new MissingLogGuard(ME);
        assertFalse(early.isNew(created));
        assertFalse(early.mayCreate(created, new LeaderAndIsr(ME, 0, List.of(ME), 0), false));
        early.onSnapshot(List.of());
        early.onSnapshot(List.of(created));
        assertTrue(early.isNew(created), "only the first snapshot counts");
    }
}
