package io.zkafka.storage.cleaner;

import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one run of segments, filtered by a {@link BatchFilter}, into a single new segment
 * {@code <base>.log.cleaned} (+ indexes, the aborted-transaction index holding the entries of the abort
 * markers kept with their data) named by the run's first base offset. The new segment always
 * ends with a batch holding the run's last offset (an empty placeholder if that batch lost all its
 * records), so it declares exactly the offset range it replaces.
 *
 * <p>Not thread-safe: used by the cleaner thread only.
 */
final class SegmentRewriter {
    private final SegmentBatchReader reader;

    SegmentRewriter(SegmentBatchReader reader) {
        this.reader = reader;
    }

    /**
     * Rewrites {@code run}; returns the flushed, inactive {@code .cleaned} segment, or null (with no
     * file left behind) if filtering changed nothing.
     */
    LogSegment rewrite(Path dir, List<LogSegment> run, BatchFilter filter, LogConfig config, long now)
        throws IOException {
        long base = run.get(0).baseOffset();
        deleteCleanedFiles(dir, base);
        LogSegment cleaned = LogSegment.open(dir, base, config.indexIntervalBytes(), config.segmentIndexBytes(),
            LogFileNames.CLEANED_SUFFIX);
        try {
            cleaned.makeActive();
            Output output = new Output(cleaned, now);
            for (LogSegment segment : run) {
                reader.read(segment, batch -> {
                    output.take(batch, filter);
                    return true;
                });
            }
            output.finish();
            if (!output.changed) {
                cleaned.deleteFiles();
                return null;
            }
            cleaned.onBecomeInactive();
            cleaned.flush();
            return cleaned;
        } catch (IOException | RuntimeException e) {
            cleaned.deleteFiles();
            throw e;
        }
    }

    private static void deleteCleanedFiles(Path dir, long base) throws IOException {
        Files.deleteIfExists(LogFileNames.logFile(dir, base, LogFileNames.CLEANED_SUFFIX));
        Files.deleteIfExists(LogFileNames.indexFile(dir, base, LogFileNames.CLEANED_SUFFIX));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, base, LogFileNames.CLEANED_SUFFIX));
        Files.deleteIfExists(LogFileNames.txnIndexFile(dir, base, LogFileNames.CLEANED_SUFFIX));
    }

    /** Appends kept batches and remembers the last one dropped, in case it ends the run. */
    private static final class Output {
        private final LogSegment segment;
        private final long now;
        private ByteBuffer placeholder;
        private boolean changed;

        Output(LogSegment segment, long now) {
            this.segment = segment;
            this.now = now;
        }

        void take(RecordBatchView batch, BatchFilter filter) throws IOException {
            BatchFilter.Outcome outcome = filter.filter(batch);
            changed |= outcome != BatchFilter.Outcome.UNCHANGED;
            switch (outcome) {
                case UNCHANGED -> append(batch.buffer().duplicate().position(batch.offset())
                    .limit(batch.offset() + batch.sizeInBytes()).slice());
                case REBUILT -> append(filter.rebuilt());
                case DROPPED -> placeholder = BatchFilter.emptyPlaceholder(batch);
                default -> throw new IllegalStateException("Unknown outcome " + outcome);
            }
            AbortedTxn keptAbort = filter.keptAbort();
            if (keptAbort != null && outcome != BatchFilter.Outcome.DROPPED) {
                segment.txnIndex().append(keptAbort);
            }
        }

        private void append(ByteBuffer batch) throws IOException {
            segment.append(batch, now);
            placeholder = null;
        }

        void finish() throws IOException {
            if (placeholder != null) {
                segment.append(placeholder, now);
            }
        }
    }
}
