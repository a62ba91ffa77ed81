package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-e2e-latency.sh}: Kafka's EndToEndLatency with ZKafka's own producer and consumer.
 * Sends {@code num_messages} random messages one at a time to the first partition of the topic
 * (created with one partition and one replica if missing), waits for each to be acknowledged and
 * read back by a consumer at the log end, and times the round trip. Prints every 1000th latency, then
 * Kafka's lines (its percentiles are whole milliseconds, truncated) and one line of its own with the
 * percentiles in microseconds, which whole milliseconds cannot resolve below 1 ms:
 *
 * <pre>
 * Avg latency: 0.4123 ms
 * Percentiles: 50th = 0, 99th = 0, 99.9th = 1
 * Percentiles (us): 50th = 380, 99th = 910, 99.9th = 1420
 * </pre>
 *
 * The consumer long-polls (Kafka's default {@code fetch.max.wait.ms}, 500) where Kafka's tool sets 0:
 * a fetch still returns the moment one record is there, and the consumer does not spin on a machine
 * of few cores. A properties file with {@code fetch.max.wait.ms=0} measures Kafka's way. Confined to
 * the thread that runs it.
 */
@Command(name = "kafka-e2e-latency.sh", usageHelpAutoWidth = true,
    description = "Measures the time from a send to the consumer reading the message, one message at a time.")
public final class EndToEndLatency implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("", context -> new EndToEndLatency(context.out()))
        .withHelpWithoutArguments();

    private static final long POLL_TIMEOUT_MS = 10_000;
    private static final int REPORT_EVERY = 1000;
    private static final long NANOS_PER_MS = 1_000_000L;

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage information.")
    boolean help;
    @Parameters(index = "0", paramLabel = "broker_list", description = "The servers to connect to, host:port,...")
    String brokerList;
    @Parameters(index = "1", paramLabel = "topic", description = "The topic (created with 1 partition if missing).")
    String topic;
    @Parameters(index = "2", paramLabel = "num_messages", description = "How many messages to send and read.")
    int numMessages;
    @Parameters(index = "3", paramLabel = "producer_acks", description = "1 or all.")
    String acks;
    @Parameters(index = "4", paramLabel = "message_size_bytes", description = "The size of each message.")
    int messageSize;
    @Parameters(index = "5", paramLabel = "properties_file", arity = "0..1",
        description = "Optional: client properties for both the producer and the consumer.")
    String propertiesFile;

    private final PrintStream out;

    private EndToEndLatency(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        if (!acks.equals("1") && !acks.equals("all") && !acks.equals("-1")) {
            throw new ParameterException(spec.commandLine(), "Latency testing requires synchronous acknowledgement. "
                + "Please use 1 or all");
        }
        if (numMessages <= 0 || messageSize <= 0) {
            throw new ParameterException(spec.commandLine(), "num_messages and message_size_bytes must be positive");
        }
        Properties common = ToolProperties.load(propertiesFile, "properties_file");
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokerList);
        TopicPartition partition = ensureTopic(common);

        Properties producerProps = new Properties();
        producerProps.putAll(common);
        producerProps.put("linger.ms", "0");
        producerProps.put("acks", acks);
        Properties consumerProps = new Properties();
        consumerProps.putAll(common);
        consumerProps.put("group.id", "test-group-" + System.currentTimeMillis());
        consumerProps.put("enable.auto.commit", "false");
        consumerProps.put("auto.offset.reset", "latest");
        // a long poll answers as soon as one record is there (fetch.min.bytes 1), so it batches nothing; Kafka's
        // tool polls with 0 instead, which on a machine of few cores spins the consumer against the broker
        // (the properties file may set 0 to do the same)
        consumerProps.putIfAbsent("fetch.max.wait.ms", "500");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                 new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofMillis(POLL_TIMEOUT_MS));
            run(producer, consumer, partition);
        }
        return ToolRunner.OK;
    }

    private TopicPartition ensureTopic(Properties props) throws Exception {
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).contains(topic)) {
                out.printf("Topic \"%s\" does not exist. Will create topic with %d partition(s) and replication "
                    + "factor = %d%n", topic, 1, 1);
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                    .get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        return new TopicPartition(topic, 0);
    }

    private void run(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                     TopicPartition partition) throws Exception {
        long[] latenciesNanos = new long[numMessages];
        long totalNanos = 0;
        Random random = new Random();
        byte[] message = new byte[messageSize];
        for (int i = 0; i < numMessages; i++) {
            random.nextBytes(message);
            long begin = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, partition.partition(), null, message)).get();
            ConsumerRecord<byte[], byte[]> read = pollOne(consumer);
            long elapsed = System.nanoTime() - begin;
            if (!Arrays.equals(read.value(), message)) {
                throw new ToolException("The message read did not match the message sent (message " + i + ")");
            }
            if (i % REPORT_EVERY == 0) {
                out.println(i + "\t" + elapsed / 1000.0 / 1000.0);
            }
            totalNanos += elapsed;
            latenciesNanos[i] = elapsed;
        }
        out.printf("Avg latency: %.4f ms%n", totalNanos / (double) numMessages / NANOS_PER_MS);
        Arrays.sort(latenciesNanos);
        long p50 = percentile(latenciesNanos, 0.5);
        long p99 = percentile(latenciesNanos, 0.99);
        long p999 = percentile(latenciesNanos, 0.999);
        out.printf("Percentiles: 50th = %d, 99th = %d, 99.9th = %d%n", p50 / NANOS_PER_MS, p99 / NANOS_PER_MS,
            p999 / NANOS_PER_MS);
        out.printf("Percentiles (us): 50th = %d, 99th = %d, 99.9th = %d%n", p50 / 1000, p99 / 1000, p999 / 1000);
    }

    /** Kafka's index: the element at {@code length * q}, truncated. */
    private static long percentile(long[] sorted, double q) {
        return sorted[(int) (sorted.length * q)];
    }

    private static ConsumerRecord<byte[], byte[]> pollOne(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(POLL_TIMEOUT_MS));
            if (records.count() > 1) {
                throw new ToolException("Only one result was expected during this test. We found ["
                    + records.count() + "]");
            }
            Iterator<ConsumerRecord<byte[], byte[]>> it = records.iterator();
            if (it.hasNext()) {
                return it.next();
            }
        }
        throw new ToolException("poll() timed out before finding a result (timeout:[" + POLL_TIMEOUT_MS + "ms])");
    }
}
