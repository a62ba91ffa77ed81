package io.zkafka.storage.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.EpochEndOffset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteOffsetCheckpointsInKafkasTextFormat() throws IOException {
        Path file = dir.resolve(OffsetCheckpointFile.RECOVERY_POINT);
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file);
        assertEquals(Map.of(), checkpoint.read());
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(new TopicPartition("a-b", 0), 42L);
        offsets.put(new TopicPartition("c", 3), 7L);
        checkpoint.write(offsets);
        assertEquals("0\n2\na-b 0 42\nc 3 7\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(offsets, checkpoint.read());
        assertFalse(Files.exists(dir.resolve(file.getFileName() + ".tmp")));
    }

    @Test
    void shouldNameTheFileAndLineOfAMalformedCheckpoint() throws IOException {
        Path file = dir.resolve("bad");
        Files.writeString(file, "0\n2\nt 0 1\nt zero 2\n");
        IOException e = assertThrows(IOException.class, () -> new OffsetCheckpointFile(file).read());
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("line 4"), e.getMessage());
        Files.writeString(file, "0\n3\nt 0 1\n");
        assertThrows(IOException.class, () -> new OffsetCheckpointFile(file).read());
        Files.writeString(file, "1\n0\n");
        assertThrows(IOException.class, () -> new OffsetCheckpointFile(file).read());
    }

    @Test
    void shouldPersistTheLeaderEpochCacheAndAnswerEndOffsets() throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(dir);
        cache.assign(1, 0);
        cache.assign(1, 5);
        cache.assign(3, 10);
        cache.assign(5, 20);
        assertFalse(Files.exists(dir.resolve(LeaderEpochCache.FILE_NAME)), "a new epoch waits for the log's flush");
        cache.flushIfDirty();
        assertEquals("0\n3\n1 0\n3 10\n5 20\n", Files.readString(dir.resolve(LeaderEpochCache.FILE_NAME)));
        assertEquals(new EpochEndOffset(5, 30), cache.endOffsetFor(5, 30));
        assertEquals(new EpochEndOffset(3, 20), cache.endOffsetFor(4, 30));
        assertEquals(new EpochEndOffset(1, 10), cache.endOffsetFor(1, 30));
        assertEquals(new EpochEndOffset(0, 0), cache.endOffsetFor(0, 30));
        assertEquals(EpochEndOffset.UNKNOWN, cache.endOffsetFor(6, 30));
        cache.truncateFromEnd(15);
        cache.truncateFromStart(4);
        assertEquals(List.of(new LeaderEpochCache.EpochEntry(1, 4), new LeaderEpochCache.EpochEntry(3, 10)),
            new LeaderEpochCache(dir).entries());
        cache.assign(2, 8);
        assertEquals(List.of(new LeaderEpochCache.EpochEntry(1, 4), new LeaderEpochCache.EpochEntry(2, 8)), cache.entries());
    }
}
