package io.zkafka.storage;

import static io.zkafka.storage.TestBatches.batch;
import static io.zkafka.storage.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.internals.DiskFaults;
import io.zkafka.storage.internals.LogFileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk under a log dir, simulated by {@link DiskFaults} on real files. */
class LogDirFailureTest {
    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(50_000);

    @AfterEach
    void healDisks() {
        DiskFaults.clear(root.resolve("d1"));
        DiskFaults.clear(root.resolve("d2"));
    }

    @Test
    void shouldNeverExposeATornWriteAndTruncateItOnRecovery() throws IOException {
        Path logDir = root.resolve("d1");
        Path dir = logDir.resolve("orders-0");
        DiskFaults.DiskFault disk = DiskFaults.inject(logDir);
        LogDirFailureChannel channel = new LogDirFailureChannel();
        Log log = Log.open(dir, LogConfig.of(Map.of()), 0, 0, true, false, clock::get, channel);
        log.append(batch(5, 1), 0);
        log.append(batch(5, 2), 0);
        log.updateHighWatermark(10);
        long goodBytes = log.size();

        ByteBuffer big = batch(0, 20, 3, 100);
        disk.fillAfter(big.remaining() / 2);
        KafkaStorageException failure = assertThrows(KafkaStorageException.class, () -> log.append(big, 0));

        assertTrue(failure.getMessage().contains(DiskFaults.NO_SPACE), failure.getMessage());
        Path segmentFile = LogFileNames.logFile(dir, 0, "");
        assertEquals(goodBytes + big.remaining() / 2, Files.size(segmentFile), "half the batch is on disk (torn)");
        assertEquals(10, log.logEndOffset(), "the log end offset does not move past a torn write");
        assertEquals(goodBytes, log.size());
        assertTrue(log.isOffline());
        assertTrue(channel.isOffline(logDir));
        assertTrue(channel.offlineDirs().contains(logDir.toAbsolutePath()));
        assertThrows(KafkaStorageException.class, () -> log.append(batch(1, 4), 0), "an offline log takes no append");
        assertThrows(KafkaStorageException.class, () -> log.read(0, 1 << 20), "an offline log serves no read");
        assertThrows(KafkaStorageException.class, () -> log.appendAsFollower(batch(10, 1, 4, 10)));
        log.closeOffline();

        disk.heal();
        Log reopened = Log.open(dir, LogConfig.of(Map.of()), 0, 0, false, false, clock::get, new LogDirFailureChannel());
        assertEquals(10, reopened.logEndOffset());
        assertEquals(goodBytes, Files.size(segmentFile), "recovery cut the torn bytes");
        assertEquals(2, readAll(reopened).size());
        reopened.append(batch(3, 5), 1);
        assertEquals(13, reopened.logEndOffset());
        List<long[]> batches = readAll(reopened);
        assertEquals(3, batches.size());
        assertEquals(10, batches.get(2)[0]);
        reopened.close();
    }

    @Test
    void shouldTakeOnlyTheFailedDirOfflineAndRecoverItOnRestart() throws IOException, InterruptedException {
        LogManager manager = manager();
        manager.startup();
        TopicPartition inD1 = new TopicPartition("orders", 0);
        TopicPartition inD2 = new TopicPartition("orders", 1);
        Log first = manager.getOrCreateLog(inD1);
        Log second = manager.getOrCreateLog(inD2);
        assertEquals(root.resolve("d1"), first.dir().getParent());
        assertEquals(root.resolve("d2"), second.dir().getParent());
        first.append(batch(4, 1), 0);
        second.append(batch(4, 1), 0);

        DiskFaults.inject(root.resolve("d1")).fillAfter(10);
        assertThrows(KafkaStorageException.class, () -> first.append(batch(4, 2), 0));
        assertThrows(KafkaStorageException.class, () -> first.append(batch(4, 2), 0));
        Path failed = manager.failureChannel().takeNextOfflineDir();
        assertEquals(root.resolve("d1").toAbsolutePath(), failed);
        assertEquals(List.of(inD1), manager.handleLogDirFailure(failed));
        assertEquals(List.of(root.resolve("d2")), manager.onlineLogDirs());
        assertEquals(List.of(root.resolve("d1")), manager.offlineLogDirs());
        assertTrue(manager.getLog(inD1).isEmpty());

        second.append(batch(4, 2), 0);
        assertEquals(8, second.logEndOffset());
        Log created = manager.getOrCreateLog(new TopicPartition("orders", 2));
        assertEquals(root.resolve("d2"), created.dir().getParent(), "new logs go to the online dir only");
        manager.close();
        assertFalse(Files.exists(root.resolve("d1").resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        assertTrue(Files.exists(root.resolve("d2").resolve(LogManager.CLEAN_SHUTDOWN_FILE)));

        DiskFaults.clear(root.resolve("d1"));
        LogManager restarted = manager();
        restarted.startup();
        assertEquals(List.of(root.resolve("d1"), root.resolve("d2")), restarted.onlineLogDirs());
        Log back = restarted.getLog(inD1).orElseThrow();
        assertEquals(4, back.logEndOffset(), "the folder is taken back, its torn tail cut");
        back.append(batch(2, 3), 1);
        assertEquals(6, back.logEndOffset());
        assertEquals(8, restarted.getLog(inD2).orElseThrow().logEndOffset());
        restarted.close();
    }

    @Test
    void shouldStartWithTheFoldersThatLoadAndRefuseToStartWithNone() throws IOException {
        Files.writeString(root.resolve("d1"), "a file where a log dir should be");
        LogManager manager = manager();
        manager.startup();
        assertEquals(List.of(root.resolve("d1")), manager.offlineLogDirs());
        Log log = manager.getOrCreateLog(new TopicPartition("orders", 0));
        assertEquals(root.resolve("d2"), log.dir().getParent());
        manager.close();

        Files.writeString(root.resolve("d3"), "another file");
        LogManager none = new LogManager(new LogManager.Settings(List.of(root.resolve("d1"), root.resolve("d3")),
            LogConfig.of(Map.of()), 60_000, 60_000, 60_000, 1), clock::get);
        IOException refused = assertThrows(IOException.class, none::startup);
        assertTrue(refused.getMessage().contains("Every log dir failed to load"), refused.getMessage());
    }

    @Test
    void shouldNotTakeTheFolderOfflineWhenAReadMeetsALogClosedUnderIt() throws IOException {
        Path logDir = root.resolve("d1");
        LogDirFailureChannel channel = new LogDirFailureChannel();
        Log log = Log.open(logDir.resolve("orders-0"), LogConfig.of(Map.of()), 0, 0, true, false, clock::get, channel);
        log.append(batch(5, 1), 0);
        log.close();
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(0, 1 << 20), "as if deleted while read");
        assertThrows(KafkaStorageException.class, () -> log.offsetForTimestamp(0));
        assertFalse(channel.isOffline(logDir), "a deleted or closed log is not a failed disk");
        assertFalse(log.isOffline());
    }

    private LogManager manager() {
        return new LogManager(new LogManager.Settings(List.of(root.resolve("d1"), root.resolve("d2")),
            LogConfig.of(Map.of()), 60_000, 60_000, 60_000, 1), clock::get);
    }
}
