package io.zkafka.tools;

import io.zkafka.clients.producer.Callback;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerConfig;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.MetricsPrinter;
import io.zkafka.tools.internals.PerfStats;
import io.zkafka.tools.internals.RandomPayload;
import io.zkafka.tools.internals.ThroughputThrottler;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Scanner;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-producer-perf-test.sh}: sends {@code --num-records} records as fast as allowed and
 * prints Kafka's progress and summary lines (see {@link PerfStats}); this is the tool ZKafka is
 * benchmarked with against Kafka's own, so it does what Kafka's does and no more. The payload is
 * one array of {@code --record-size} bytes, refilled with random letters (seeded, as Kafka's) before
 * each send, sent through one reused record object; the only per-record allocation is the small
 * callback that remembers the send time, as in Kafka's tool.
 *
 * <p>With {@code --transaction-duration-ms} above 0 (Kafka's flags and semantics) the producer is
 * transactional, with {@code --transactional-id} as its {@code transactional.id}: a transaction is begun
 * before the first send, committed after the send that finds it at least that old, and the last one
 * committed after the loop.
 *
 * <p>Threads: the calling thread sends, throttles and ends transactions; callbacks run on the producer's sender thread,
 * which owns the {@link PerfStats} until the producer is closed.
 */
@Command(name = "kafka-producer-perf-test.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool is used to verify the producer performance.")
public final class ProducerPerformance implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ",
        context -> new ProducerPerformance(context.out(), context.err()))
        .withHelpWithoutArguments();

    @Spec
    CommandSpec spec;
    @Mixin
    VerboseOption verbose;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "produce messages to this topic")
    String topic;
    @Option(names = "--num-records", required = true, paramLabel = "NUM-RECORDS",
        description = "number of messages to produce")
    long numRecords;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Payload payload;
    @Option(names = "--payload-delimiter", paramLabel = "PAYLOAD-DELIMITER", defaultValue = "\\n",
        description = "provides delimiter to be used when --payload-file is provided. Defaults to new line.")
    String payloadDelimiter;
    @Option(names = "--throughput", required = true, paramLabel = "THROUGHPUT",
        description = "throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 "
            + "to disable throttling.")
    double throughput;
    @Option(names = "--producer-props", arity = "1..*", paramLabel = "PROP-NAME=PROP-VALUE",
        description = "kafka producer related configuration properties like bootstrap.servers,client.id etc. These "
            + "configs take precedence over those passed via --producer.config.")
    List<String> producerProps;
    @Option(names = "--producer.config", paramLabel = "CONFIG-FILE", description = "producer config properties file.")
    String producerConfig;
    @Option(names = "--transactional-id", paramLabel = "TRANSACTIONAL-ID",
        defaultValue = "performance-producer-default-transactional-id",
        description = "The transactionalId to use if transaction-duration-ms is > 0. Useful when testing the "
            + "performance of concurrent transactions. (default: ${DEFAULT-VALUE})")
    String transactionalId;
    @Option(names = "--transaction-duration-ms", paramLabel = "TRANSACTION-DURATION", defaultValue = "0",
        description = "The max age of each transaction. The commitTransaction will be called after this time has "
            + "elapsed. Transactions are only enabled if this value is positive. (default: ${DEFAULT-VALUE})")
    long transactionDurationMs;
    @Option(names = "--print-metrics", description = "print out metrics at the end of the test.")
    boolean printMetrics;

    /** Exactly one source of payloads. */
    static final class Payload {
        @Option(names = "--record-size", paramLabel = "RECORD-SIZE", description = "message size in bytes.")
        Integer recordSize;
        @Option(names = "--payload-file", paramLabel = "PAYLOAD-FILE",
            description = "file to read the message payloads from (UTF-8 text); one is picked at random per message.")
        String payloadFile;
        @Option(names = "--payload-monotonic", description = "payload is a monotonically increasing integer.")
        boolean monotonic;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private PerfStats stats;

    private ProducerPerformance(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        checkArgs();
        List<byte[]> filePayloads = readPayloadFile();
        Properties props = ToolProperties.putPairs(ToolProperties.load(producerConfig, "--producer.config"),
            producerProps, "--producer-props");
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "perf-producer-client");
        boolean transactional = transactionDurationMs > 0;
        if (transactional) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer());
        try {
            if (transactional) {
                producer.initTransactions();
            }
            send(producer, filePayloads, transactional);
            if (printMetrics) {
                // as Kafka's tool: the totals and the metrics once everything is sent, before the producer closes
                producer.flush();
                stats.printTotal(System.currentTimeMillis());
                MetricsPrinter.print(producer.metrics(), out);
            }
        } finally {
            producer.close();
        }
        if (!printMetrics) {
            stats.printTotal(System.currentTimeMillis());
        }
        if (failures.get() > 0) {
            err.println("ERROR: " + failures.get() + " of " + numRecords + " records failed; the first error: "
                + firstError.get());
            return ToolRunner.FAILED;
        }
        return ToolRunner.OK;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, List<byte[]> filePayloads, boolean transactional)
        throws InterruptedException {
        SplittableRandom random = new SplittableRandom(0);
        byte[] bytes = payload.recordSize == null ? null : new byte[payload.recordSize];
        RandomPayload letters = bytes == null ? null : new RandomPayload(1, bytes.length);
        ProducerRecord<byte[], byte[]> reused = bytes == null ? null : new ProducerRecord<>(topic, bytes);
        List<ProducerRecord<byte[], byte[]>> fromFile = new ArrayList<>();
        filePayloads.forEach(p -> fromFile.add(new ProducerRecord<>(topic, p)));
        long startMs = System.currentTimeMillis();
        stats = new PerfStats(numRecords, startMs, out);
        ThroughputThrottler throttler = new ThroughputThrottler(throughput, startMs);
        long transactionSize = 0;
        long transactionStartMs = 0;
        for (long i = 0; i < numRecords; i++) {
            ProducerRecord<byte[], byte[]> record;
            if (!fromFile.isEmpty()) {
                record = fromFile.get(random.nextInt(fromFile.size()));
            } else if (bytes != null) {
                letters.fill(bytes);
                record = reused;
            } else {
                record = new ProducerRecord<>(topic, Long.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            if (transactional && transactionSize == 0) {
                producer.beginTransaction();
                transactionStartMs = System.currentTimeMillis();
            }
            long sendStartMs = System.currentTimeMillis();
            producer.send(record, new PerfCallback(sendStartMs, record.value().length));
            transactionSize++;
            if (transactional && sendStartMs - transactionStartMs >= transactionDurationMs) {
                producer.commitTransaction();
                transactionSize = 0;
            }
            if (throttler.shouldThrottle(i, sendStartMs)) {
                throttler.throttle();
            }
        }
        if (transactional && transactionSize > 0) {
            producer.commitTransaction();
        }
    }

    private void checkArgs() {
        if (numRecords <= 0) {
            throw usage("--num-records should be greater than zero");
        }
        if (payload.recordSize != null && payload.recordSize <= 0) {
            throw usage("--record-size should be greater than zero");
        }
        if (producerProps == null && producerConfig == null) {
            throw usage("Either --producer-props or --producer.config must be specified.");
        }
    }

    private List<byte[]> readPayloadFile() throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        if (payload.payloadFile == null) {
            return payloads;
        }
        Path path = Path.of(payload.payloadFile);
        out.println("Reading payloads from: " + path.toAbsolutePath());
        if (Files.notExists(path) || Files.size(path) == 0) {
            throw new ToolException("File does not exist or empty file provided.");
        }
        String delimiter = "\\n".equals(payloadDelimiter) ? "\n" : payloadDelimiter;
        try (Scanner scanner = new Scanner(path, StandardCharsets.UTF_8)) {
            scanner.useDelimiter(delimiter);
            while (scanner.hasNext()) {
                payloads.add(scanner.next().getBytes(StandardCharsets.UTF_8));
            }
        }
        out.println("Number of messages read: " + payloads.size());
        return payloads;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Remembers one record's send time and size until it is acknowledged. */
    private final class PerfCallback implements Callback {
        private final long start;
        private final int bytes;

        PerfCallback(long start, int bytes) {
            this.start = start;
            this.bytes = bytes;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            long now = System.currentTimeMillis();
            if (exception == null) {
                stats.record((int) (now - start), bytes, now);
            } else if (failures.incrementAndGet() == 1) {
                firstError.set(ToolRunner.messageOf(exception));
            }
        }
    }
}
