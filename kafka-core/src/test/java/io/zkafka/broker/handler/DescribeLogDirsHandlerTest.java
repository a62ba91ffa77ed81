package io.zkafka.broker.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.DescribeLogDirsRequest;
import io.zkafka.common.message.DescribeLogDirsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DescribeLogDirs on a real log manager with two folders, before and after one fails. */
class DescribeLogDirsHandlerTest {
    @TempDir
    Path root;

    @Test
    void shouldListEachFoldersLogsAndAnOfflineFolderWithItsError() throws IOException {
        List<Path> dirs = List.of(root.resolve("d1"), root.resolve("d2"));
        LogManager logs = new LogManager(LogManager.Settings.of(dirs, LogConfig.of(Map.of())), System::currentTimeMillis);
        logs.startup();
        try {
            Map<TopicPartition, Path> placed = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                TopicPartition tp = new TopicPartition("t", p);
                Log log = logs.getOrCreateLog(tp);
                placed.put(tp, log.dir().getParent().toAbsolutePath().normalize());
            }
            DescribeLogDirsHandler handler = new DescribeLogDirsHandler(logs, Authorizer.ALLOW_ALL);

            List<DescribeLogDirsResponse.LogDir> described = handler.handle(null, new DescribeLogDirsRequest(null))
                .join().dirs();
            assertEquals(2, described.size());
            int listed = 0;
            for (DescribeLogDirsResponse.LogDir dir : described) {
                assertEquals(Errors.NONE, dir.error());
                assertTrue(dir.totalBytes() > 0 && dir.usableBytes() >= 0);
                for (DescribeLogDirsResponse.LogDirPartition partition : dir.partitions()) {
                    assertEquals(placed.get(partition.partition()), Path.of(dir.path()).toAbsolutePath().normalize());
                    assertEquals(logs.getLog(partition.partition()).orElseThrow().size(), partition.sizeBytes());
                    listed++;
                }
            }
            assertEquals(4, listed);

            TopicPartition one = new TopicPartition("t", 1);
            List<DescribeLogDirsResponse.LogDir> asked = handler.handle(null, new DescribeLogDirsRequest(List.of(one)))
                .join().dirs();
            assertEquals(List.of(one), asked.stream().flatMap(d -> d.partitions().stream())
                .map(DescribeLogDirsResponse.LogDirPartition::partition).toList());

            Path failed = dirs.get(1);
            logs.failureChannel().markOffline(failed, "a test", new IOException("disk gone"));
            logs.handleLogDirFailure(failed);
            described = handler.handle(null, new DescribeLogDirsRequest(null)).join().dirs();
            assertEquals(2, described.size());
            DescribeLogDirsResponse.LogDir offline = described.get(1);
            assertEquals(failed.toString(), offline.path());
            assertEquals(Errors.KAFKA_STORAGE_ERROR, offline.error());
            assertTrue(offline.partitions().isEmpty());
            assertEquals(Errors.NONE, described.get(0).error());
            long onlineLogs = placed.values().stream().filter(d -> d.equals(dirs.get(0).toAbsolutePath().normalize()))
                .count();
            assertEquals(onlineLogs, described.get(0).partitions().size());
        } finally {
            logs.close();
        }
    }
}
