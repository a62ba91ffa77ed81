package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker catches each kind of bad history, and tells loss from a consumer skip by the replicas' files. */
class DurabilityCheckerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path logDir;

    private final DurabilityChecker checker = new DurabilityChecker();

    /** Writes a one-segment replica of {@link #TP} whose records are {@code values} from offset 0. */
    private ReplicaFiles replicaHolding(List<String> values) throws IOException {
        Path partitionDir = Files.createDirectories(logDir.resolve("t-0"));
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20);
        for (String value : values) {
            builder.append(1_000L, null, value.getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer batch = builder.build();
        try (FileChannel file = FileChannel.open(partitionDir.resolve("00000000000000000000.log"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            file.write(batch);
            file.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40}));
        }
        return new ReplicaFiles(Map.of(1, logDir));
    }

    private ReplicaFiles noReplica() {
        return new ReplicaFiles(Map.of(1, logDir));
    }

    private String failureOf(ReplicaFiles replicas) {
        return assertThrows(AssertionError.class, () -> checker.verify(replicas)).getMessage();
    }

    @Test
    void shouldPassAHistoryWhoseOnlyFlawIsARetryDuplicate() {
        checker.seeked(TP, 0);
        checker.acknowledged(TP, 0, "p1:0");
        checker.acknowledged(TP, 2, "p1:1");
        checker.consumed(TP, 0, "p1:0");
        checker.consumed(TP, 1, "p1:1");
        checker.consumed(TP, 2, "p1:1");
        assertTrue(checker.consumerCaughtUp());
        assertEquals("2 acknowledged, 0 failed sends {}, 3 consumed, 1 duplicates", checker.verify(noReplica()));
    }

    @Test
    void shouldCallAnAcknowledgedRecordOnNoReplicaLost() throws IOException {
        ReplicaFiles replicas = replicaHolding(List.of("p1:0", "p2:0"));
        checker.seeked(TP, 0);
        checker.acknowledged(TP, 0, "p1:0");
        checker.acknowledged(TP, 1, "p1:1");
        checker.consumed(TP, 0, "p1:0");
        assertFalse(checker.consumerCaughtUp());
        String failure = failureOf(replicas);
        assertTrue(failure.contains("LOST: t-0 offset 1 p1:1 acknowledged, on no replica (that offset now holds {1=p2:0})"),
            failure);
    }

    @Test
    void shouldCallAnAcknowledgedRecordStillOnAReplicaSkipped() throws IOException {
        ReplicaFiles replicas = replicaHolding(List.of("p1:0", "p1:1"));
        checker.seeked(TP, 0);
        checker.acknowledged(TP, 0, "p1:0");
        checker.acknowledged(TP, 1, "p1:1");
        checker.consumed(TP, 0, "p1:0");
        String failure = failureOf(replicas);
        assertTrue(failure.contains("SKIPPED: t-0 offset 1 p1:1 acknowledged, never consumed, but on brokers [1]"), failure);
    }

    @Test
    void shouldFailWhenOneOffsetHoldsTwoValues() {
        checker.seeked(TP, 0);
        checker.acknowledged(TP, 0, "p1:0");
        checker.consumed(TP, 0, "p2:7");
        assertTrue(failureOf(noReplica()).contains("TWO VALUES: t-0 offset 0 is p2:7 here but was acknowledged as p1:0"));
    }

    @Test
    void shouldFailWhenAcknowledgementsBreakSendOrder() {
        checker.seeked(TP, 0);
        checker.acknowledged(TP, 0, "p1:5");
        checker.acknowledged(TP, 1, "p1:4");
        checker.consumed(TP, 0, "p1:5");
        checker.consumed(TP, 1, "p1:4");
        assertTrue(failureOf(noReplica()).contains("ORDER: t-0 p1:4 acknowledged at offset 1 after p1:5 at offset 0"));
    }

    @Test
    void shouldFailWhenTheConsumerGoesBackwardsOrSkipsWithoutASeek() {
        checker.seeked(TP, 0);
        checker.consumed(TP, 0, "p1:0");
        checker.consumed(TP, 2, "p1:2");
        checker.consumed(TP, 1, "p1:1");
        String failure = failureOf(noReplica());
        assertTrue(failure.contains("CONSUMER SKIP: t-0 consumer at 1 jumped to offset 2"), failure);
        assertTrue(failure.contains("BACKWARDS: t-0 consumer at 3 was handed offset 1"), failure);
    }

    @Test
    void shouldAcceptAJumpThatASeekAnnounced() {
        checker.seeked(TP, 0);
        checker.consumed(TP, 0, "p1:0");
        checker.seeked(TP, 5);
        checker.consumed(TP, 5, "p1:5");
        checker.seeked(TP, 0);
        checker.consumed(TP, 0, "p1:0");
        assertEquals("0 acknowledged, 0 failed sends {}, 3 consumed, 0 duplicates", checker.verify(noReplica()));
    }

    @Test
    void shouldRefuseAValueThatDoesNotNameItsProducerAndSequence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> checker.acknowledged(TP, 0, "hello"));
        assertEquals("Not a tagged value <producerId>:<sequence>: 'hello'", e.getMessage());
        assertEquals(new TaggedValue("p1", 12), TaggedValue.parse("p1:12"));
    }

    @Test
    void shouldFailARetryDuplicateWhenExactlyOnceIsExpected() {
        DurabilityChecker strict = new DurabilityChecker(true);
        strict.seeked(TP, 0);
        strict.acknowledged(TP, 0, "p1:0");
        strict.acknowledged(TP, 2, "p1:1");
        strict.consumed(TP, 0, "p1:0");
        strict.consumed(TP, 1, "p1:1");
        strict.consumed(TP, 2, "p1:1");
        String failure = assertThrows(AssertionError.class, () -> strict.verify(noReplica())).getMessage();
        assertTrue(failure.contains("DUPLICATE: t-0 p1:1 at offsets 1 and 2"), failure);
    }

    @Test
    void shouldFailUnacknowledgedRecordsOutOfOrderInTheLogWhenExactlyOnceIsExpected() {
        DurabilityChecker strict = new DurabilityChecker(true);
        strict.seeked(TP, 0);
        strict.acknowledged(TP, 0, "p1:0");
        strict.consumed(TP, 0, "p1:0");
        strict.consumed(TP, 1, "p1:3");
        strict.consumed(TP, 2, "p2:0");
        strict.consumed(TP, 3, "p1:2");
        String failure = assertThrows(AssertionError.class, () -> strict.verify(noReplica())).getMessage();
        assertTrue(failure.contains("LOG ORDER: t-0 p1:2 at offset 3 after p1:3 at offset 1"), failure);
        assertFalse(failure.contains("p2"), "another producer's records do not count: " + failure);
    }

    @Test
    void shouldPassAnExactlyOnceHistoryWithGapsFromFailedSends() {
        DurabilityChecker strict = new DurabilityChecker(true);
        strict.seeked(TP, 0);
        strict.acknowledged(TP, 0, "p1:0");
        strict.sendFailed("p1:1", new IllegalStateException("timed out"));
        strict.acknowledged(TP, 1, "p1:2");
        strict.consumed(TP, 0, "p1:0");
        strict.consumed(TP, 1, "p1:2");
        assertEquals("2 acknowledged, 1 failed sends {IllegalStateException=1}, 2 consumed, 0 duplicates",
            strict.verify(noReplica()));
    }
}
