package io.zkafka.tools;

import io.zkafka.storage.producer.BatchMetadata;
import io.zkafka.storage.producer.ProducerSnapshotFile;
import io.zkafka.storage.producer.ProducerStateEntry;
import io.zkafka.tools.internals.SegmentFileDumper;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-dump-log.sh}: prints segment files ({@code .log}, {@code .index}, {@code .timeindex},
 * {@code .txnindex}) and producer state snapshots ({@code .snapshot}: one line per producer) in the
 * lines of Kafka's DumpLogSegments, each after {@code Dumping FILE}; an
 * unknown suffix is skipped with a line on stderr, as Kafka's does. Reads the files directly, so it
 * works on a stopped broker's folders (see {@link SegmentFileDumper}). Confined to the thread that
 * runs it.
 */
@Command(name = "kafka-dump-log.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to parse a log file and dump its contents to the console, useful for debugging "
        + "a seemingly corrupt log segment.")
public final class DumpLogSegments implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new DumpLogSegments(context.out(),
        context.err())).withHelpWithoutArguments();

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--files", paramLabel = "<String: file1, file2, ...>", required = true, split = ",",
        description = "REQUIRED: The comma separated list of data and index log files to be dumped.")
    List<Path> files;
    @Option(names = "--deep-iteration", description = "if set, uses deep instead of shallow iteration. Automatically "
        + "set if print-data-log is enabled.")
    boolean deepIteration;
    @Option(names = "--print-data-log", description = "If set, printing the messages content when dumping data "
        + "logs. Automatically set if any decoder option is specified.")
    boolean printDataLog;
    @Option(names = "--offsets-decoder", description = "If set, log data will be parsed as offset data from the "
        + "__consumer_offsets topic.")
    boolean offsetsDecoder;
    @Option(names = "--transaction-log-decoder", description = "If set, log data will be parsed as transaction "
        + "metadata from the __transaction_state topic.")
    boolean transactionLogDecoder;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;
    private final PrintStream err;

    private DumpLogSegments(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() {
        if (offsetsDecoder && transactionLogDecoder) {
            throw new ToolException("--offsets-decoder and --transaction-log-decoder cannot be used together");
        }
        SegmentFileDumper dumper = new SegmentFileDumper(out, deepIteration, printDataLog, offsetsDecoder,
            transactionLogDecoder);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ToolException("The file " + file + " does not exist");
            }
        }
        for (Path file : files) {
            out.println("Dumping " + file);
            String name = file.getFileName().toString();
            String suffix = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
            switch (suffix) {
                case ".log" -> dumper.dumpLog(file);
                case ".index" -> dumper.dumpOffsetIndex(file);
                case ".timeindex" -> dumper.dumpTimeIndex(file);
                case ".txnindex" -> dumper.dumpTxnIndex(file);
                case ProducerSnapshotFile.SUFFIX -> dumpProducerSnapshot(file);
                default -> err.println("Ignoring unknown file " + file);
            }
        }
        return ToolRunner.OK;
    }

    /** One line per producer: its state, and its last batch (the newest of those kept for duplicates). */
    private void dumpProducerSnapshot(Path file) {
        List<ProducerStateEntry> entries;
        try {
            entries = ProducerSnapshotFile.read(file);
        } catch (IOException e) {
            throw new ToolException("Cannot read the producer snapshot " + file + ": " + e.getMessage(), e);
        }
        for (ProducerStateEntry entry : entries) {
            StringBuilder line = new StringBuilder()
                .append("producerId: ").append(entry.producerId())
                .append(" producerEpoch: ").append(entry.producerEpoch())
                .append(" coordinatorEpoch: ").append(entry.coordinatorEpoch())
                .append(" currentTxnFirstOffset: ").append(entry.currentTxnFirstOffset() == ProducerStateEntry.NO_TXN
                    ? "OptionalLong.empty" : "OptionalLong[" + entry.currentTxnFirstOffset() + "]")
                .append(" lastTimestamp: ").append(entry.lastTimestamp());
            List<BatchMetadata> batches = entry.batches();
            if (!batches.isEmpty()) {
                BatchMetadata last = batches.get(batches.size() - 1);
                line.append(" firstSequence: ").append(last.firstSeq())
                    .append(" lastSequence: ").append(last.lastSeq())
                    .append(" lastOffset: ").append(last.lastOffset())
                    .append(" offsetDelta: ").append(last.offsetDelta())
                    .append(" timestamp: ").append(last.timestamp());
            }
            out.println(line);
        }
    }
}
