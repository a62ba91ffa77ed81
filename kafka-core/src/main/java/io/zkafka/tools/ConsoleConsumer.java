package io.zkafka.tools;

import io.zkafka.clients.consumer.Consumer;
import io.zkafka.clients.consumer.ConsumerConfig;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.WakeupException;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.tools.internals.Partitions;
import io.zkafka.tools.internals.RecordFormatter;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-console-consumer.sh}: prints the records of a topic, with Kafka 3.9's flags and
 * output (see {@link RecordFormatter}), ending with "Processed a total of N messages" on stderr.
 * With {@code --group} (and no {@code --partition}) it joins that consumer group and reads the
 * partitions the group gives it, from the group's committed offsets (or, where none, the beginning
 * with {@code --from-beginning}, else the end), committing as it goes. Otherwise it assigns every
 * partition of the topic (or the one {@code --partition}) and starts at the end, the beginning or
 * {@code --offset}. {@code --isolation-level read_committed} sets the consumer's {@code isolation.level}, so
 * records of open and aborted transactions are never printed.
 *
 * <p>Threads: the calling thread consumes and prints; from {@link #main} a shutdown hook (Ctrl-C)
 * wakes the consumer up and waits for the loop to finish, so the count is still printed.
 */
@Command(name = "kafka-console-consumer.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to read data from Kafka topics and outputs it to standard output.")
public final class ConsoleConsumer implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ", ConsoleConsumer::create);

    private static final long TOPIC_LOOKUP_MS = 15_000;
    private static final long MAX_POLL_MS = 1000;
    private static final long EARLIEST = -2;
    private static final long LATEST = -1;
    private static final Set<String> ISOLATION_LEVELS = Set.of("read_committed", "read_uncommitted");

    @Spec
    CommandSpec spec;
    @Mixin
    VerboseOption verbose;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", required = true, paramLabel = "<server to connect to>",
        description = "REQUIRED: The server(s) to connect to.")
    String bootstrapServer;
    @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "The topic to consume on.")
    String topic;
    @Option(names = "--partition", paramLabel = "<partition>",
        description = "The partition to consume from. Consumption starts from the end of the partition unless "
            + "'--offset' is specified.")
    Integer partition;
    @Option(names = "--offset", paramLabel = "<consume offset>",
        description = "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, "
            + "or 'latest' which means from end (default: latest).")
    String offset;
    @Option(names = "--from-beginning", description = "If the consumer does not already have an established offset to "
        + "consume from, start with the earliest message present in the log rather than the latest message.")
    boolean fromBeginning;
    @Option(names = "--max-messages", paramLabel = "<num_messages>",
        description = "The maximum number of messages to consume before exiting. If not set, consumption is "
            + "continual.")
    Integer maxMessages;
    @Option(names = "--timeout-ms", paramLabel = "<timeout_ms>",
        description = "If specified, exit if no message is available for consumption for the specified interval.")
    Long timeoutMs;
    @Option(names = "--property", paramLabel = "<prop>",
        description = "Properties of the formatter: print.timestamp, print.key, print.offset, print.partition, "
            + "print.headers, print.value (true/false), key.separator, line.separator, headers.separator, "
            + "null.literal (repeatable).")
    List<String> formatterProperties = new ArrayList<>();
    @Option(names = "--formatter-config", paramLabel = "<config file>",
        description = "Config properties file to initialize the message formatter; --property takes precedence.")
    String formatterConfig;
    @Option(names = "--consumer-property", paramLabel = "<consumer_prop>",
        description = "A mechanism to pass user-defined properties in the form key=value to the consumer "
            + "(repeatable).")
    List<String> consumerProperties = new ArrayList<>();
    @Option(names = "--consumer.config", paramLabel = "<config file>",
        description = "Consumer config properties file. Note that --consumer-property takes precedence over this "
            + "config.")
    String consumerConfig;
    @Option(names = "--group", paramLabel = "<consumer group id>",
        description = "The consumer group id of the consumer.")
    String group;
    @Option(names = "--isolation-level", paramLabel = "<String>",
        description = "Set to read_committed in order to filter out transactional messages which are not committed. "
            + "Set to read_uncommitted to read all messages. (default: read_uncommitted)")
    String isolationLevel;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Consumer<byte[], byte[]> active;

    private ConsoleConsumer(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    /** Run as the whole process, Ctrl-C wakes the consumer and waits (bounded) for the count to be printed. */
    private static ConsoleConsumer create(ToolRunner.ToolContext context) {
        ConsoleConsumer tool = new ConsoleConsumer(context.out(), context.err());
        if (context.ownsProcess()) {
            Runtime.getRuntime().addShutdownHook(new Thread(tool::stop, "console-consumer-shutdown"));
        }
        return tool;
    }

    @Override
    public Integer call() {
        long startOffset = checkArgs();
        RecordFormatter formatter = new RecordFormatter(ToolProperties.putPairs(
            ToolProperties.load(formatterConfig, "--formatter-config"), formatterProperties, "--property"));
        long processed = 0;
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            active = consumer;
            if (group != null && partition == null) {
                consumer.subscribe(List.of(topic));
            } else {
                assignAndSeek(consumer, startOffset);
            }
            processed = consume(consumer, formatter);
            return ToolRunner.OK;
        } finally {
            active = null;
            out.flush();
            err.println("Processed a total of " + processed + " messages");
            finished.countDown();
        }
    }

    /** Where to start: an offset, {@link #EARLIEST} or {@link #LATEST}. */
    private long checkArgs() {
        if (offset != null && partition == null) {
            throw usage("The partition is required when offset is specified.");
        }
        if (offset != null && fromBeginning) {
            throw usage("Options from-beginning and offset cannot be specified together.");
        }
        if (partition != null && partition < 0) {
            throw usage("--partition must not be negative: " + partition);
        }
        if (isolationLevel != null && !ISOLATION_LEVELS.contains(isolationLevel)) {
            throw usage("--isolation-level must be read_committed or read_uncommitted, was '" + isolationLevel + "'");
        }
        if (offset == null) {
            return fromBeginning ? EARLIEST : LATEST;
        }
        switch (offset.toLowerCase(Locale.ROOT)) {
            case "earliest":
                return EARLIEST;
            case "latest":
                return LATEST;
            default:
                try {
                    long parsed = Long.parseLong(offset);
                    if (parsed >= 0) {
                        return parsed;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw usage("The provided offset value '" + offset + "' is incorrect. Valid values are 'earliest', "
                    + "'latest', or a non-negative long.");
        }
    }

    private void assignAndSeek(Consumer<byte[], byte[]> consumer, long startOffset) {
        List<TopicPartition> all = Partitions.of(consumer, topic, TOPIC_LOOKUP_MS);
        List<TopicPartition> assigned = all;
        if (partition != null) {
            TopicPartition chosen = new TopicPartition(topic, partition);
            if (!all.contains(chosen)) {
                throw new ToolException("Partition " + partition + " of topic '" + topic + "' does not exist (the topic "
                    + "has " + all.size() + " partitions)");
            }
            assigned = List.of(chosen);
        }
        consumer.assign(assigned);
        if (startOffset == EARLIEST) {
            consumer.seekToBeginning(assigned);
        } else if (startOffset == LATEST) {
            consumer.seekToEnd(assigned);
        } else {
            assigned.forEach(tp -> consumer.seek(tp, startOffset));
        }
        // resolve the start now, so records sent after the tool started are not missed by a late "latest"
        assigned.forEach(consumer::position);
    }

    private long consume(Consumer<byte[], byte[]> consumer, RecordFormatter formatter) {
        long processed = 0;
        long lastRecordMs = System.currentTimeMillis();
        while (maxMessages == null || processed < maxMessages) {
            long pollMs = MAX_POLL_MS;
            if (timeoutMs != null) {
                long remaining = lastRecordMs + timeoutMs - System.currentTimeMillis();
                if (remaining <= 0) {
                    break;
                }
                pollMs = Math.min(pollMs, remaining);
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(pollMs));
            } catch (WakeupException e) {
                break;
            }
            if (records.isEmpty()) {
                continue;
            }
            lastRecordMs = System.currentTimeMillis();
            Map<TopicPartition, Long> firstUnprinted = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (maxMessages != null && processed >= maxMessages) {
                    firstUnprinted.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
                    continue;
                }
                formatter.writeTo(record, out);
                processed++;
            }
            // --max-messages stopped inside the batch: move back to the first record not printed, so
            // the group's commit on close covers exactly what was printed and the next run goes on from there
            firstUnprinted.forEach(consumer::seek);
            out.flush();
            if (out.checkError()) {
                err.println("Unable to write to standard out, closing consumer.");
                break;
            }
        }
        return processed;
    }

    /** From the shutdown hook: wake the consumer and wait (bounded) for the count to be printed. */
    private void stop() {
        Consumer<byte[], byte[]> consumer = active;
        if (consumer != null) {
            consumer.wakeup();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Properties consumerProps() {
        Properties props = ToolProperties.putPairs(ToolProperties.load(consumerConfig, "--consumer.config"),
            consumerProperties, "--consumer-property");
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        props.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        props.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        if (isolationLevel != null) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        }
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "console-consumer");
        return props;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
