package io.zkafka.storage.cleaner;

import static io.zkafka.storage.cleaner.CompactionFixture.compactConfig;
import static io.zkafka.storage.cleaner.CompactionFixture.newestByKey;
import static io.zkafka.storage.cleaner.CompactionFixture.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.cleaner.CompactionFixture.Rec;
import io.zkafka.storage.internals.LogFileNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stops a clean at each step of the swap, as a crash would (the log is abandoned, not closed), and
 * reopens the folder with the loader: the log must hold exactly the content from before or after the
 * clean, never a mix, and always the newest value of every key.
 */
class LogCleanerCrashTest {
    @TempDir
    Path root;

    private final CompactionFixture fx = CompactionFixture.create();
    private final LogConfig config = compactConfig(Map.of());
    private List<Rec> pre;
    private List<Rec> post;

    /** Five rolled segments of ten keys each (k0 deleted in the last), then an active segment. */
    private Log build(Path dir) throws Exception {
        Log log = fx.open(dir, config);
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < 10; k++) {
                fx.append(log, "k" + k, round == 4 && k == 0 ? null : "v" + round + "-" + k);
            }
            log.roll();
        }
        fx.append(log, "k1", "active");
        log.updateHighWatermark(log.logEndOffset());
        return log;
    }

    @BeforeEach
    void computeExpectedContents() throws Exception {
        Log twin = build(root.resolve("twin-0"));
        pre = records(twin);
        fx.cleaner(List.of(twin), CompactionFixture.smallCleaner()).cleanOnce();
        post = records(twin);
        twin.close();
        assertNotEquals(pre, post);
    }

    private static void crashAt(LogCleaner cleaner, LogCleaner.Stage crashStage) {
        cleaner.stageListener((stage, log) -> {
            if (stage == crashStage) {
                throw new IllegalStateException("simulated crash at " + stage);
            }
        });
    }

    private static long filesEndingWith(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @ParameterizedTest
    @EnumSource(LogCleaner.Stage.class)
    void shouldReopenWithPreOrPostCleanContentAfterACrashAtEachStage(LogCleaner.Stage stage) throws Exception {
        Path dir = root.resolve("t-0");
        Log log = build(dir);
        assertEquals(pre, records(log));
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());
        crashAt(cleaner, stage);

        assertThrows(IllegalStateException.class, cleaner::cleanOnce);
        String leftover = switch (stage) {
            case CLEANED_WRITTEN -> LogFileNames.CLEANED_SUFFIX;
            case SWAP_COMMITTED -> LogFileNames.SWAP_SUFFIX;
            case SEGMENTS_REPLACED -> LogFileNames.DELETED_SUFFIX;
        };
        assertTrue(filesEndingWith(dir, leftover) > 0, "the crash left " + leftover + " files");

        Log reopened = fx.reopenAfterCrash(dir, config);
        List<Rec> content = records(reopened);
        assertEquals(stage == LogCleaner.Stage.CLEANED_WRITTEN ? pre : post, content);
        assertEquals(newestByKey(pre), newestByKey(content));
        for (String suffix : List.of(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX, LogFileNames.DELETED_SUFFIX)) {
            assertEquals(0, filesEndingWith(dir, suffix), suffix + " files left after loading");
        }

        reopened.updateHighWatermark(reopened.logEndOffset());
        fx.cleaner(List.of(reopened), CompactionFixture.smallCleaner()).cleanOnce();
        assertEquals(post, records(reopened));
        reopened.close();
    }

    @Test
    void shouldCompleteASwapWhoseOldSegmentsWereOnlyPartlyRenamedDeleted() throws Exception {
        Path dir = root.resolve("t-0");
        Log log = build(dir);
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());
        crashAt(cleaner, LogCleaner.Stage.SWAP_COMMITTED);
        assertThrows(IllegalStateException.class, cleaner::cleanOnce);
        long secondBase = log.segmentBaseOffsets().get(1);
        Files.move(LogFileNames.logFile(dir, secondBase, ""), LogFileNames.logFile(dir, secondBase, LogFileNames.DELETED_SUFFIX));

        Log reopened = fx.reopenAfterCrash(dir, config);

        assertEquals(post, records(reopened));
        reopened.close();
    }
}
