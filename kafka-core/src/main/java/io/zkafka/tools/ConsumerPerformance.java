package io.zkafka.tools;

import io.zkafka.clients.consumer.Consumer;
import io.zkafka.clients.consumer.ConsumerConfig;
import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.tools.internals.MetricsPrinter;
import io.zkafka.tools.internals.Partitions;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-consumer-perf-test.sh}: reads {@code --messages} records from the beginning of every
 * partition of a topic and prints Kafka's header and CSV line:
 *
 * <pre>
 * start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
 * 2024-05-01 10:00:00:000, 2024-05-01 10:00:01:500, 1.9073, 1.2716, 20000, 13333.3333, 120, 1380, 1.3821, 14492.7536
 * </pre>
 *
 * With {@code --group} it joins that group and rebalance.time.ms is the time until the group
 * assigned it partitions, as in Kafka's tool; without, it assigns every partition itself and
 * rebalance.time.ms is the time to find and assign them, so that fetch.* measure the same span. With
 * {@code --show-detailed-stats} a line per {@code --reporting-interval} replaces the total line.
 * Confined to the calling thread.
 */
@Command(name = "kafka-consumer-perf-test.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool is used to verify the consumer performance.")
public final class ConsumerPerformance implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ",
        context -> new ConsumerPerformance(context.out(), context.err()))
        .withHelpWithoutArguments();

    private static final long TOPIC_LOOKUP_MS = 15_000;
    private static final double MB = 1024 * 1024;

    @Spec
    CommandSpec spec;
    @Mixin
    VerboseOption verbose;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = {"--bootstrap-server", "--broker-list"}, required = true, paramLabel = "<server to connect to>",
        description = "REQUIRED: The server(s) to connect to.")
    String bootstrapServer;
    @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "REQUIRED: The topic to consume "
        + "from.")
    String topic;
    @Option(names = "--messages", required = true, paramLabel = "<count>",
        description = "REQUIRED: The number of messages to consume.")
    long messages;
    @Option(names = "--timeout", paramLabel = "<milliseconds>", defaultValue = "10000",
        description = "The maximum allowed time in milliseconds between returned records (default: 10000).")
    long timeoutMs;
    @Option(names = "--fetch-size", paramLabel = "<size>", defaultValue = "1048576",
        description = "The amount of data to fetch in a single request (default: 1048576).")
    int fetchSize;
    @Option(names = "--socket-buffer-size", paramLabel = "<size>", defaultValue = "2097152",
        description = "The size of the tcp RECV size (accepted; the client uses the OS default).")
    int socketBufferSize;
    @Option(names = "--from-latest", description = "Start with the latest message present in the log rather than the "
        + "earliest message.")
    boolean fromLatest;
    @Option(names = "--consumer.config", paramLabel = "<config file>", description = "Consumer config properties file.")
    String consumerConfig;
    @Option(names = "--print-metrics", description = "Print out the metrics.")
    boolean printMetrics;
    @Option(names = "--show-detailed-stats",
        description = "If set, stats are reported for each reporting interval as configured by reporting-interval")
    boolean showDetailedStats;
    @Option(names = "--reporting-interval", paramLabel = "<interval_ms>", defaultValue = "5000",
        description = "Interval in milliseconds at which to print progress info (default: 5000).")
    long reportingIntervalMs;
    @Option(names = "--date-format", paramLabel = "<date format>", defaultValue = "yyyy-MM-dd HH:mm:ss:SSS",
        description = "The date format to use for formatting the time field. See java.text.SimpleDateFormat for "
            + "options (default: yyyy-MM-dd HH:mm:ss:SSS).")
    String dateFormat;
    @Option(names = "--hide-header", description = "If set, skips printing the header for the stats")
    boolean hideHeader;
    @Option(names = "--group", paramLabel = "<gid>", description = "The group id to consume as; without it every "
        + "partition is assigned directly (no group, no rebalance).")
    String group;

    private final PrintStream out;
    private final PrintStream err;

    private ConsumerPerformance(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() {
        SimpleDateFormat format = checkArgs();
        if (!hideHeader) {
            String fields = ", data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
            out.println((showDetailedStats ? "time, threadId" : "start.time, end.time") + fields);
        }
        Run run = new Run();
        long startMs;
        Map<MetricName, ? extends Metric> metrics;
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            // as Kafka's tool: the clock starts once the consumer is constructed
            startMs = System.currentTimeMillis();
            if (group != null) {
                subscribe(consumer, run, startMs);
            } else {
                List<TopicPartition> partitions = Partitions.of(consumer, topic, TOPIC_LOOKUP_MS);
                consumer.assign(partitions);
                if (fromLatest) {
                    consumer.seekToEnd(partitions);
                } else {
                    consumer.seekToBeginning(partitions);
                }
                run.assignTimeMs = System.currentTimeMillis() - startMs;
            }
            consume(consumer, run, format);
            metrics = consumer.metrics();
        }
        long endMs = System.currentTimeMillis();
        if (!showDetailedStats) {
            double elapsedSec = (endMs - startMs) / 1000.0;
            long fetchTimeMs = endMs - startMs - run.assignTimeMs;
            double mbRead = run.bytes / MB;
            out.printf("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", format.format(startMs),
                format.format(endMs), mbRead, mbRead / elapsedSec, run.messages, run.messages / elapsedSec,
                run.assignTimeMs, fetchTimeMs, mbRead / (fetchTimeMs / 1000.0), run.messages / (fetchTimeMs / 1000.0));
        }
        if (printMetrics) {
            MetricsPrinter.print(metrics, out);
        }
        return ToolRunner.OK;
    }

    /** Counters of one run. */
    private static final class Run {
        long messages;
        long bytes;
        long assignTimeMs;
    }

    private void consume(Consumer<byte[], byte[]> consumer, Run run, SimpleDateFormat format) {
        long now = System.currentTimeMillis();
        long lastReportMs = now;
        long lastConsumedMs = now;
        long lastMessages = 0;
        long lastBytes = 0;
        long assignTimeInWindow = run.assignTimeMs;
        while (run.messages < messages && now - lastConsumedMs <= timeoutMs) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            now = System.currentTimeMillis();
            if (!records.isEmpty()) {
                lastConsumedMs = now;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                run.messages++;
                run.bytes += (record.key() == null ? 0 : record.key().length)
                    + (record.value() == null ? 0 : record.value().length);
                if (now - lastReportMs >= reportingIntervalMs) {
                    if (showDetailedStats) {
                        printProgress(run, lastBytes, lastMessages, lastReportMs, now, format, assignTimeInWindow);
                    }
                    assignTimeInWindow = 0;
                    lastReportMs = now;
                    lastMessages = run.messages;
                    lastBytes = run.bytes;
                }
            }
        }
        if (run.messages < messages) {
            out.printf("WARNING: Exiting before consuming the expected number of messages: timeout (%d ms) exceeded. "
                + "You can use the --timeout option to increase the timeout.%n", timeoutMs);
        }
    }

    private void printProgress(Run run, long lastBytes, long lastMessages, long startMs, long endMs,
                               SimpleDateFormat format, long assignTimeMs) {
        double elapsedMs = endMs - startMs;
        double intervalMb = (run.bytes - lastBytes) / MB;
        long intervalMessages = run.messages - lastMessages;
        long fetchTimeMs = endMs - startMs - assignTimeMs;
        out.printf("%s, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", format.format(endMs), 0, run.bytes / MB,
            1000.0 * intervalMb / elapsedMs, run.messages, 1000.0 * intervalMessages / elapsedMs, assignTimeMs,
            fetchTimeMs, fetchTimeMs <= 0 ? 0.0 : 1000.0 * intervalMb / fetchTimeMs,
            fetchTimeMs <= 0 ? 0.0 : 1000.0 * intervalMessages / fetchTimeMs);
    }

    private SimpleDateFormat checkArgs() {
        if (messages <= 0) {
            throw usage("--messages should be greater than zero");
        }
        if (reportingIntervalMs <= 0) {
            throw usage("Reporting interval must be greater than 0.");
        }
        try {
            return new SimpleDateFormat(dateFormat);
        } catch (IllegalArgumentException e) {
            throw usage("--date-format: " + e.getMessage());
        }
    }

    /** Joins the group; as Kafka's tool, rebalance.time.ms is the time until the first assignment. */
    private void subscribe(Consumer<byte[], byte[]> consumer, Run run, long startMs) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (run.assignTimeMs == 0) {
                    run.assignTimeMs = System.currentTimeMillis() - startMs;
                }
            }
        });
    }

    private Properties consumerProps() {
        Properties props = ToolProperties.load(consumerConfig, "--consumer.config");
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        props.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        props.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(fetchSize));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromLatest ? "latest" : "earliest");
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "perf-consumer-client");
        return props;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
