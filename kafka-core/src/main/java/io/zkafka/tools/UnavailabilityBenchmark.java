package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures a partition's unavailability window: the time from a fault of its leader's broker to
 * the first {@code acks=all} produce acknowledged by the new leader.
 *
 * <p>One producer sends small records to the partition one at a time (each waits for its
 * acknowledgement, so the stall shows as one long wait) and notes when each offset was
 * acknowledged. Per run: wait for a full ISR, note the last acknowledged offset, start the fault
 * command ({@code --control-script stop-broker|kill-broker <leader id>}) and take that instant as
 * the fault, then read the records back: the first acknowledged record whose batch carries a newer
 * leader epoch than the last one acknowledged before the fault was written by the new leader, and
 * its acknowledgement time ends the window. The broker is then started again with
 * {@code --control-script start-broker <id>}. The window includes the fault command's own start-up,
 * so the figures are upper bounds.
 *
 * <p>Threads: {@code unavailability-producer} owns the producer; the calling thread owns the admin
 * and consumer clients and the control processes; the acknowledgement map is concurrent.
 */
@Command(name = "unavailability-bench.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "Measures the time from a leader's fault to the first acks=all write on the new leader.")
public final class UnavailabilityBenchmark implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ", context -> new UnavailabilityBenchmark(context.out()))
        .withHelpWithoutArguments();

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "brokers to use")
    String bootstrapServers;
    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "a topic of replication factor 3")
    String topic;
    @Option(names = "--partition", defaultValue = "0", paramLabel = "N", description = "the partition (default 0)")
    int partition;
    @Option(names = "--fault", required = true, paramLabel = "controlled|kill",
        description = "controlled: stop-broker (SIGTERM, controlled shutdown); kill: kill-broker (SIGKILL)")
    String fault;
    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "faults to measure (default 5)")
    int runs;
    @Option(names = "--replicas", defaultValue = "3", paramLabel = "N", description = "the topic's replication factor")
    int replicas;
    @Option(names = "--control-script", required = true, paramLabel = "PATH",
        description = "run as PATH stop-broker|kill-broker|start-broker ID")
    String controlScript;

    private final PrintStream out;
    private final NavigableMap<Long, Long> ackNanosByOffset = new ConcurrentSkipListMap<>();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicReference<Exception> producerError = new AtomicReference<>();

    private UnavailabilityBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        String faultCommand = switch (fault) {
            case "controlled" -> "stop-broker";
            case "kill" -> "kill-broker";
            default -> throw new ToolException("--fault must be controlled or kill, got " + fault);
        };
        TopicPartition tp = new TopicPartition(topic, partition);
        List<Long> windowsMs = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                 new ByteArraySerializer())) {
            Thread sender = new Thread(() -> produce(producer, tp), "unavailability-producer");
            sender.setDaemon(true);
            sender.start();
            try {
                for (int run = 1; run <= runs; run++) {
                    windowsMs.add(measureOnce(admin, tp, faultCommand, run));
                }
            } finally {
                producing.set(false);
                sender.join(TimeUnit.SECONDS.toMillis(70));
            }
        }
        List<Long> sorted = windowsMs.stream().sorted().toList();
        out.printf("%s fault, %d runs: median %d ms, min %d ms, max %d ms (all: %s)%n", fault, sorted.size(),
            sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), windowsMs);
        return ToolRunner.OK;
    }

    private Map<String, Object> producerConfig() {
        return Map.of("bootstrap.servers", bootstrapServers, "client.id", "unavailability-bench", "acks", "all",
            "linger.ms", 0, "max.in.flight.requests.per.connection", 1, "retries", Integer.MAX_VALUE,
            "retry.backoff.ms", 10, "request.timeout.ms", 5_000, "delivery.timeout.ms", 60_000);
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, TopicPartition tp) {
        byte[] value = new byte[100];
        while (producing.get()) {
            try {
                long offset = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, value))
                    .get(70, TimeUnit.SECONDS).offset();
                ackNanosByOffset.put(offset, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                producerError.compareAndSet(null, e);
            }
        }
    }

    private long measureOnce(Admin admin, TopicPartition tp, String faultCommand, int run) throws Exception {
        awaitCondition(() -> {
            TopicPartitionInfo info = partitionInfo(admin, tp);
            return info.leader() != null && !info.leader().isEmpty() && info.isr().size() == replicas;
        }, "a full ISR of " + tp);
        awaitAcknowledgements(20);
        int leader = partitionInfo(admin, tp).leader().id();
        long lastBefore = ackNanosByOffset.lastKey();

        long faultNanos = System.nanoTime();
        Process faultProcess = control(faultCommand, leader);
        awaitCondition(() -> {
            TopicPartitionInfo info = partitionInfo(admin, tp);
            return info.leader() != null && !info.leader().isEmpty() && info.leader().id() != leader;
        }, "a new leader of " + tp);
        long leaderSeenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultNanos);
        awaitAcknowledgements(20);
        long lastAfter = ackNanosByOffset.lastKey();
        long firstNewOffset = firstOffsetOfNewerEpoch(tp, lastBefore, lastAfter);
        Map.Entry<Long, Long> firstAck = ackNanosByOffset.ceilingEntry(firstNewOffset);
        long windowMs = TimeUnit.NANOSECONDS.toMillis(firstAck.getValue() - faultNanos);
        out.printf("run %d: %s broker %d, leader of %s; new leader in metadata after %d ms; first acks=all write on "
            + "the new leader at offset %d after %d ms%n", run, faultCommand, leader, tp, leaderSeenMs, firstAck.getKey(),
            windowMs);

        if (!faultProcess.waitFor(90, TimeUnit.SECONDS) || faultProcess.exitValue() != 0) {
            throw new ToolException(faultCommand + " " + leader + " failed or did not finish");
        }
        Process start = control("start-broker", leader);
        if (!start.waitFor(120, TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new ToolException("start-broker " + leader + " failed or did not finish");
        }
        return windowMs;
    }

    /** The offset where the first leader epoch newer than that of {@code lastBefore} starts. */
    private long firstOffsetOfNewerEpoch(TopicPartition tp, long lastBefore, long lastAfter) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
            "auto.offset.reset", "none", "client.id", "unavailability-bench-reader"), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, lastBefore);
            int epochBefore = -1;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    int epoch = record.leaderEpoch().orElse(-1);
                    if (record.offset() == lastBefore) {
                        epochBefore = epoch;
                    } else if (epoch > epochBefore) {
                        return record.offset();
                    }
                    if (record.offset() >= lastAfter) {
                        throw new ToolException("No record up to offset " + lastAfter + " of " + tp
                            + " has a leader epoch newer than " + epochBefore);
                    }
                }
            }
            throw new ToolException("Reading " + tp + " from offset " + lastBefore + " did not finish within " + WAIT);
        }
    }

    private void awaitAcknowledgements(int count) {
        long target = ackNanosByOffset.size() + count;
        awaitCondition(() -> ackNanosByOffset.size() >= target, count + " more acknowledged writes (producer error: "
            + producerError.get() + ")");
    }

    private static TopicPartitionInfo partitionInfo(Admin admin, TopicPartition tp) {
        try {
            return admin.describeTopics(List.of(tp.topic())).allTopicNames().get(10, TimeUnit.SECONDS).get(tp.topic())
                .partitions().get(tp.partition());
        } catch (Exception e) {
            throw new ToolException("Describing " + tp.topic() + " failed: " + ToolRunner.messageOf(e));
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (ToolException e) {
                // The cluster is between states; ask again.
            }
            if (System.nanoTime() > deadline) {
                throw new ToolException("Gave up after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while waiting for " + what);
            }
        }
    }

    private Process control(String command, int brokerId) throws IOException {
        return new ProcessBuilder(controlScript, command, String.valueOf(brokerId)).inheritIO().start();
    }
}
