package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldHandTheRecordedEpochToTheNextHolderOfTheLock() throws Exception {
        List<Path> dirs = List.of(dir.resolve("a"), dir.resolve("b"));
        try (LogDirLock first = LogDirLock.acquire(1, dirs)) {
            assertEquals(OptionalLong.empty(), first.predecessorEpoch(), "a new folder has no predecessor");
            first.recordEpoch(41);
            first.recordEpoch(42);
        }
        try (LogDirLock second = LogDirLock.acquire(1, dirs)) {
            assertEquals(OptionalLong.of(42), second.predecessorEpoch());
            assertEquals("broker.id=1\nbroker.epoch=42\n",
                Files.readString(dirs.get(0).resolve(LogDirLock.FILE_NAME), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldLeaveOutAFolderThatCannotBeLockedAndFailOnlyWhenNoneIsLeft() throws Exception {
        List<Path> dirs = List.of(dir.resolve("a"), dir.resolve("b"));
        Files.writeString(dir.resolve("a"), "a file where the folder should be");
        try (LogDirLock lock = LogDirLock.acquire(1, dirs)) {
            assertEquals(List.of(dirs.get(0)), List.copyOf(lock.unusable().keySet()));
            lock.recordEpoch(7);
        }
        try (LogDirLock again = LogDirLock.acquire(1, List.of(dirs.get(1)))) {
            assertEquals(OptionalLong.of(7), again.predecessorEpoch(), "the usable folder was locked and recorded");
        }
        assertThrows(java.io.IOException.class, () -> LogDirLock.acquire(1, List.of(dirs.get(0))));
    }

    @Test
    void shouldRefuseASecondHolderWhileTheFirstHoldsTheLock() throws Exception {
        List<Path> dirs = List.of(dir.resolve("a"), dir.resolve("b"));
        try (LogDirLock held = LogDirLock.acquire(1, List.of(dirs.get(1)))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> LogDirLock.acquire(1, dirs));
            assertTrue(e.getMessage().contains(dirs.get(1).toString()), e.getMessage());
        }
        // the failed attempt released the folder it had locked first
        LogDirLock.acquire(1, dirs).close();
    }

    @Test
    void shouldTrustOnlyARecordOfThisBrokerIdAndTakeTheNewestEpoch() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Files.writeString(a.resolve(LogDirLock.FILE_NAME), "broker.id=1\nbroker.epoch=7\n");
        Files.writeString(b.resolve(LogDirLock.FILE_NAME), "broker.id=1\nbroker.epoch=9\n");
        try (LogDirLock lock = LogDirLock.acquire(1, List.of(a, b))) {
            assertEquals(OptionalLong.of(9), lock.predecessorEpoch(), "a predecessor that died while writing");
        }
        try (LogDirLock lock = LogDirLock.acquire(2, List.of(a, b))) {
            assertEquals(OptionalLong.empty(), lock.predecessorEpoch(), "another broker id's record proves nothing");
        }
        Files.writeString(a.resolve(LogDirLock.FILE_NAME), "garbage=\u0000\nbroker.id=x\n");
        try (LogDirLock lock = LogDirLock.acquire(1, List.of(a))) {
            assertEquals(OptionalLong.empty(), lock.predecessorEpoch());
        }
    }
}
