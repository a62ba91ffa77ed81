package io.zkafka.broker.replica;

import static io.zkafka.broker.replica.ReplicaFixture.ME;
import static io.zkafka.broker.replica.ReplicaFixture.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.internals.DiskFaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A partition whose log dir failed: the replica manager neither leads nor follows it again. */
@Timeout(30)
class OfflineReplicasTest {
    private static final short ACKS_ONE = 1;

    @TempDir
    Path dir;
    private ReplicaFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ReplicaFixture(dir, 10_000, 1);
    }

    @AfterEach
    void stop() throws Exception {
        DiskFaults.clear(dir);
        fixture.close();
    }

    @Test
    void shouldAnswerStorageErrorAndIgnoreNewStatesOnceThePartitionsLogDirFailed() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2, 3), ME, List.of(ME, 2, 3), 1);
        Partition partition = fixture.partition(tp);
        partition.appendAsLeader(batch(2, 10), ACKS_ONE);

        DiskFaults.inject(dir).fillAfter(20);
        assertThrows(KafkaStorageException.class, () -> partition.appendAsLeader(batch(2, 100), ACKS_ONE));
        Path failed = fixture.logManager.failureChannel().takeNextOfflineDir();
        fixture.replicas.takeOffline(fixture.logManager.handleLogDirFailure(failed));

        assertTrue(fixture.replicas.partition(tp).isEmpty(), "no longer hosted here");
        assertEquals(Set.of(tp), fixture.replicas.offlinePartitions());
        assertEquals(Errors.KAFKA_STORAGE_ERROR, fixture.replicas.errorForMissingPartition(tp));
        assertEquals(1, fixture.metrics.registry().getGauges()
            .get("kafka.server:type=ReplicaManager,name=OfflineReplicaCount").getValue());

        DiskFaults.clear(dir);
        fixture.setState(tp, ME, List.of(ME, 2, 3), 2);
        assertTrue(fixture.replicas.partition(tp).isEmpty(), "a new state does not bring it back before a restart");
        assertFalse(fixture.logManager.getLog(tp).isPresent(), "nor a new log in another folder");
    }
}
