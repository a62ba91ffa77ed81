package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log dir gauges and the low-space check on real folders (the file system's real free space). */
class LogDirMonitorTest {
    @TempDir
    Path root;

    @Test
    void shouldReportFreeBytesAndFlagFoldersBelowTheThreshold() throws IOException {
        List<Path> dirs = List.of(root.resolve("d1"), root.resolve("d2"));
        LogManager logs = new LogManager(new LogManager.Settings(dirs, LogConfig.of(Map.of()), 60_000, 60_000, 60_000, 1),
            System::currentTimeMillis);
        logs.startup();
        try (BrokerMetrics metrics = new BrokerMetrics(false)) {
            long free = LogDirMonitor.freeBytes(dirs.get(0));
            assertTrue(free > 0, "free bytes of " + dirs.get(0) + ": " + free);

            LogDirMonitor everyFolderLow = new LogDirMonitor(logs, dirs, Long.MAX_VALUE, metrics);
            assertEquals(2, everyFolderLow.checkFreeSpace(0));
            LogDirMonitor noneLow = new LogDirMonitor(logs, dirs, 1, metrics);
            assertEquals(0, noneLow.checkFreeSpace(0));
            LogDirMonitor disabled = new LogDirMonitor(logs, dirs, 0, metrics);
            assertEquals(0, disabled.checkFreeSpace(0));

            Map<String, Gauge> gauges = metrics.registry().getGauges();
            assertEquals(0, gauges.get("kafka.log:type=LogManager,name=OfflineLogDirectoryCount").getValue());
            String tag = ",logDirectory=" + dirs.get(1).toAbsolutePath().normalize();
            assertEquals(0, gauges.get("kafka.log:type=LogManager,name=LogDirectoryOffline" + tag).getValue());
            assertTrue((Long) gauges.get("kafka.log:type=LogManager,name=LogDirectoryFreeBytes" + tag).getValue() > 0);
        } finally {
            logs.close();
        }
    }
}
