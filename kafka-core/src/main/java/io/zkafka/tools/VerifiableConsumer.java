package io.zkafka.tools;

import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.json.JsonWriter;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-verifiable-consumer.sh}: a group member that prints Kafka's JSON event lines:
 * {@code startup_complete}, {@code partitions_revoked} and {@code partitions_assigned} (with
 * {@code partitions:[{topic, partition}]}), {@code records_consumed} per poll ({@code count} and
 * per partition {@code count, minOffset, maxOffset}), {@code record_data} per record with
 * {@code --verbose}, {@code offsets_committed} after each synchronous commit of what it consumed
 * (unless {@code --enable-autocommit}; {@code error} only on failure) and {@code shutdown_complete}.
 * It stops after {@code --max-messages} records or on SIGTERM. Confined to the polling thread; the
 * shutdown hook only wakes it up.
 */
@Command(name = "kafka-verifiable-consumer.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool consumes messages from a specific topic and emits consumer events (e.g. group "
        + "rebalances, received messages, and offsets committed) as JSON objects to STDOUT.")
public final class VerifiableConsumer implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", VerifiableConsumer::new).withHelpWithoutArguments();

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "HOST1:PORT1[,HOST2:PORT2[...]]",
        description = "REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form "
            + "HOST1:PORT1,HOST2:PORT2,...")
    String bootstrapServer;
    @Option(names = "--broker-list", paramLabel = "HOST1:PORT1[,HOST2:PORT2[...]]",
        description = "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.")
    String brokerList;
    @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Consumes messages from this "
        + "topic.")
    String topic;
    @Option(names = "--group-id", paramLabel = "GROUP_ID", required = true, description = "The groupId shared "
        + "among members of the consumer group")
    String groupId;
    @Option(names = "--group-instance-id", paramLabel = "GROUP_INSTANCE_ID", description = "A unique identifier "
        + "of the consumer instance")
    String groupInstanceId;
    @Option(names = "--max-messages", paramLabel = "MAX-MESSAGES", defaultValue = "-1", description = "Consume "
        + "this many messages. If -1 (the default), the consumer will consume until the process is killed "
        + "externally")
    int maxMessages;
    @Option(names = "--session-timeout", paramLabel = "TIMEOUT_MS", defaultValue = "30000", description = "Set the "
        + "consumer's session timeout")
    int sessionTimeout;
    @Option(names = "--verbose", description = "Enable to log individual consumed records")
    boolean verbose;
    @Option(names = "--enable-autocommit", description = "Enable offset auto-commit on consumer")
    boolean autoCommit;
    @Option(names = "--reset-policy", paramLabel = "RESET_POLICY", defaultValue = "earliest", description = "Set "
        + "reset policy (must be either 'earliest', 'latest', or 'none'")
    String resetPolicy;
    @Option(names = "--assignment-strategy", paramLabel = "ASSIGNMENT_STRATEGY", defaultValue = "range",
        description = "Set assignment strategy (e.g. range, roundrobin, cooperative-sticky, or Kafka's class names)")
    String assignmentStrategy;
    @Option(names = "--consumer.config", paramLabel = "CONFIG_FILE", description = "Consumer config properties "
        + "file (config options shared with command line parameters will be overridden).")
    String consumerConfig;

    private final ToolRunner.ToolContext context;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private int consumed;

    private VerifiableConsumer(ToolRunner.ToolContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        String servers = bootstrapServer != null ? bootstrapServer : brokerList;
        if (servers == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: --bootstrap-server");
        }
        if (!List.of("earliest", "latest", "none").contains(resetPolicy)) {
            throw new ParameterException(spec.commandLine(), "--reset-policy must be either 'earliest', 'latest', "
                + "or 'none', was '" + resetPolicy + "'");
        }
        Properties props = ToolProperties.load(consumerConfig, "--consumer.config");
        props.put("bootstrap.servers", servers);
        props.put("group.id", groupId);
        props.put("enable.auto.commit", String.valueOf(autoCommit));
        props.put("auto.offset.reset", resetPolicy);
        props.put("session.timeout.ms", String.valueOf(sessionTimeout));
        props.put("partition.assignment.strategy", assignmentStrategy);
        if (groupInstanceId != null) {
            props.put("group.instance.id", groupInstanceId);
        }
        CountDownLatch done = new CountDownLatch(1);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            if (context.ownsProcess()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stopping.set(true);
                    consumer.wakeup();
                    awaitQuietly(done);
                }, "verifiable-consumer-exit"));
            }
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    print(partitionsEvent("partitions_revoked", partitions));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    print(partitionsEvent("partitions_assigned", partitions));
                }
            });
            print(event("startup_complete"));
            try {
                while (!stopping.get() && (maxMessages < 0 || consumed < maxMessages)) {
                    ConsumerRecords<String, String> records = consumer.poll(POLL);
                    if (records.count() > 0) {
                        Map<TopicPartition, OffsetAndMetadata> offsets = onRecords(records);
                        if (!autoCommit) {
                            commit(consumer, offsets);
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (!stopping.get()) {
                    throw e;
                }
            }
        } finally {
            print(event("shutdown_complete"));
            done.countDown();
        }
        return ToolRunner.OK;
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> onRecords(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        List<Object> summaries = new ArrayList<>();
        List<TopicPartition> partitions = records.partitions().stream().sorted(BY_TOPIC_PARTITION).toList();
        for (TopicPartition tp : partitions) {
            List<ConsumerRecord<String, String>> partitionRecords = records.records(tp);
            if (maxMessages >= 0 && consumed + partitionRecords.size() > maxMessages) {
                partitionRecords = partitionRecords.subList(0, maxMessages - consumed);
            }
            if (partitionRecords.isEmpty()) {
                continue;
            }
            long minOffset = partitionRecords.get(0).offset();
            long maxOffset = partitionRecords.get(partitionRecords.size() - 1).offset();
            offsets.put(tp, new OffsetAndMetadata(maxOffset + 1));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("topic", tp.topic());
            summary.put("partition", tp.partition());
            summary.put("count", partitionRecords.size());
            summary.put("minOffset", minOffset);
            summary.put("maxOffset", maxOffset);
            summaries.add(summary);
            if (verbose) {
                for (ConsumerRecord<String, String> record : partitionRecords) {
                    Map<String, Object> data = event("record_data");
                    data.put("key", record.key());
                    data.put("value", record.value());
                    data.put("topic", record.topic());
                    data.put("partition", record.partition());
                    data.put("offset", record.offset());
                    print(data);
                }
            }
            consumed += partitionRecords.size();
            if (maxMessages >= 0 && consumed >= maxMessages) {
                break;
            }
        }
        Map<String, Object> event = event("records_consumed");
        event.put("count", records.count());
        event.put("partitions", summaries);
        print(event);
        return offsets;
    }

    private void commit(KafkaConsumer<String, String> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, Object> event = event("offsets_committed");
        List<Object> committed = new ArrayList<>();
        offsets.forEach((tp, offset) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("topic", tp.topic());
            entry.put("partition", tp.partition());
            entry.put("offset", offset.offset());
            committed.add(entry);
        });
        event.put("offsets", committed);
        try {
            consumer.commitSync(offsets);
            event.put("success", true);
        } catch (RuntimeException e) {
            if (stopping.get()) {
                throw e;
            }
            event.put("error", ToolRunner.messageOf(e));
            event.put("success", false);
        }
        print(event);
    }

    private static Map<String, Object> partitionsEvent(String name, Collection<TopicPartition> partitions) {
        Map<String, Object> event = event(name);
        event.put("partitions", partitions.stream().sorted(BY_TOPIC_PARTITION).map(tp -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("topic", tp.topic());
            p.put("partition", tp.partition());
            return (Object) p;
        }).toList());
        return event;
    }

    private static Map<String, Object> event(String name) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("timestamp", System.currentTimeMillis());
        event.put("name", name);
        return event;
    }

    private void print(Map<String, Object> event) {
        PrintStream out = context.out();
        synchronized (out) {
            out.println(JsonWriter.write(event));
            out.flush();
        }
    }
}
