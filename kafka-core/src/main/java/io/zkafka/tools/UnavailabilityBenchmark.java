package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.AckTimeline;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures what one broker fault costs a partition's {@code acks=all} writes, and for a killed
 * controller, how soon a new one is seen and serving.
 *
 * <p>One producer sends small records to the partition one at a time (each waits for its
 * acknowledgement, so a stall shows as one long gap) and notes when each offset was acknowledged.
 * Per run: wait for a full ISR, pick the victim by its role (the partition's leader for
 * {@code controlled} and {@code kill}, a follower that is not the controller where there is one for
 * {@code follower-kill}, the controller for {@code controller-kill}), start the fault command
 * ({@code --control-script stop-broker|kill-broker <id>}) and take that instant as the fault, wait
 * for the cluster to show the fault handled (a new leader; the victim out of the ISR; another
 * controller), then for 20 more acknowledgements. Every run reports the longest gap between
 * acknowledgements from the fault on; leader faults also the time to the first write of the new
 * leader (the first acknowledged record whose batch carries a newer leader epoch, read back), and
 * controller kills the time until a surviving broker names another controller and until that
 * controller creates a topic. The victim is then started again ({@code start-broker <id>}). The
 * figures include the fault command's own start-up, so they are upper bounds.
 *
 * <p>Threads: {@code unavailability-producer} owns the producer; the calling thread owns the admin
 * and consumer clients and the control processes; the {@link AckTimeline} is thread-safe.
 */
@Command(name = "unavailability-bench.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "Measures what a broker fault costs acks=all writes: a leader's, a follower's or the controller's.")
public final class UnavailabilityBenchmark implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ", context -> new UnavailabilityBenchmark(context.out()))
        .withHelpWithoutArguments();

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** The faults, the control command each runs, and whom it hits. */
    private enum Fault {
        CONTROLLED("controlled", "stop-broker"), KILL("kill", "kill-broker"),
        FOLLOWER_KILL("follower-kill", "kill-broker"), CONTROLLER_KILL("controller-kill", "kill-broker");

        final String flag;
        final String command;

        Fault(String flag, String command) {
            this.flag = flag;
            this.command = command;
        }

        static Fault of(String flag) {
            for (Fault fault : values()) {
                if (fault.flag.equals(flag)) {
                    return fault;
                }
            }
            throw new ToolException("--fault must be controlled, kill, follower-kill or controller-kill, got " + flag);
        }
    }

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "brokers to use")
    String bootstrapServers;
    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "a topic of replication factor 3")
    String topic;
    @Option(names = "--partition", defaultValue = "0", paramLabel = "N", description = "the partition (default 0)")
    int partition;
    @Option(names = "--fault", required = true, paramLabel = "controlled|kill|follower-kill|controller-kill",
        description = "controlled: stop-broker (SIGTERM) the leader; kill: kill-broker (SIGKILL) the leader; "
            + "follower-kill: SIGKILL a follower; controller-kill: SIGKILL the controller")
    String fault;
    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "faults to measure (default 5)")
    int runs;
    @Option(names = "--replicas", defaultValue = "3", paramLabel = "N", description = "the topic's replication factor")
    int replicas;
    @Option(names = "--control-script", required = true, paramLabel = "PATH",
        description = "run as PATH stop-broker|kill-broker|start-broker ID")
    String controlScript;

    private final PrintStream out;
    private final AckTimeline acks = new AckTimeline();
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
        Fault chosen = Fault.of(fault);
        TopicPartition tp = new TopicPartition(topic, partition);
        Map<String, List<Long>> figures = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                 new ByteArraySerializer())) {
            Thread sender = new Thread(() -> produce(producer, tp), "unavailability-producer");
            sender.setDaemon(true);
            sender.start();
            try {
                for (int run = 1; run <= runs; run++) {
                    measureOnce(admin, tp, chosen, run).forEach((name, ms) ->
                        figures.computeIfAbsent(name, k -> new ArrayList<>()).add(ms));
                }
            } finally {
                producing.set(false);
                sender.join(TimeUnit.SECONDS.toMillis(70));
            }
        }
        figures.forEach((name, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            out.printf("%s fault, %d runs, %s: median %d ms, min %d ms, max %d ms (all: %s)%n", fault, sorted.size(),
                name, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), values);
        });
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
                acks.acknowledged(offset, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                producerError.compareAndSet(null, e);
            }
        }
    }

    /** One fault: returns its figures by name, in ms. */
    private Map<String, Long> measureOnce(Admin admin, TopicPartition tp, Fault chosen, int run) throws Exception {
        awaitCondition(() -> {
            TopicPartitionInfo info = partitionInfo(admin, tp);
            return info.leader() != null && !info.leader().isEmpty() && info.isr().size() == replicas;
        }, "a full ISR of " + tp);
        awaitAcknowledgements(20);
        TopicPartitionInfo before = partitionInfo(admin, tp);
        int leader = before.leader().id();
        int controller = controllerId(admin);
        int victim = switch (chosen) {
            case CONTROLLED, KILL -> leader;
            case CONTROLLER_KILL -> controller;
            case FOLLOWER_KILL -> before.isr().stream().map(Node::id).filter(id -> id != leader)
                .sorted((a, b) -> Boolean.compare(a == controller, b == controller)).findFirst()
                .orElseThrow(() -> new ToolException(tp + " has no follower in sync"));
        };
        String role = (victim == leader ? "leader" : "follower") + (victim == controller ? " and controller" : "");
        long lastBefore = acks.lastOffset();

        long faultNanos = System.nanoTime();
        Process faultProcess = control(chosen.command, victim);
        Map<String, Long> figures = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder(String.format("run %d: %s broker %d (%s of %s)", run, chosen.command,
            victim, role, tp));
        switch (chosen) {
            case CONTROLLED, KILL -> {
                awaitCondition(() -> {
                    TopicPartitionInfo info = partitionInfo(admin, tp);
                    return info.leader() != null && !info.leader().isEmpty() && info.leader().id() != victim;
                }, "a new leader of " + tp);
                line.append(String.format("; new leader in metadata after %d ms", sinceMs(faultNanos)));
            }
            case FOLLOWER_KILL -> {
                awaitCondition(() -> partitionInfo(admin, tp).isr().stream().noneMatch(n -> n.id() == victim),
                    "broker " + victim + " out of the ISR of " + tp);
                line.append(String.format("; out of the ISR in metadata after %d ms", sinceMs(faultNanos)));
            }
            case CONTROLLER_KILL -> {
                awaitCondition(() -> {
                    int now = controllerId(admin);
                    return now >= 0 && now != victim;
                }, "a new controller");
                long seenMs = sinceMs(faultNanos);
                createProbeTopic(admin, run);
                long servingMs = sinceMs(faultNanos);
                figures.put("new controller seen", seenMs);
                figures.put("new controller created a topic", servingMs);
                line.append(String.format("; new controller seen after %d ms, created a topic after %d ms", seenMs,
                    servingMs));
            }
        }
        awaitAcknowledgements(20);
        long gapMs = TimeUnit.NANOSECONDS.toMillis(acks.longestGapNanos(faultNanos, System.nanoTime()));
        figures.put("longest gap between acks", gapMs);
        line.append(String.format("; longest gap between acks=all acks %d ms", gapMs));
        if (chosen == Fault.CONTROLLED || chosen == Fault.KILL) {
            long firstNewOffset = firstOffsetOfNewerEpoch(tp, lastBefore, acks.lastOffset());
            Map.Entry<Long, Long> firstAck = acks.firstAtOrAfter(firstNewOffset);
            long windowMs = TimeUnit.NANOSECONDS.toMillis(firstAck.getValue() - faultNanos);
            figures.put("first write on the new leader", windowMs);
            line.append(String.format("; first acks=all write on the new leader at offset %d after %d ms",
                firstAck.getKey(), windowMs));
        }
        out.println(line);

        if (!faultProcess.waitFor(90, TimeUnit.SECONDS) || faultProcess.exitValue() != 0) {
            throw new ToolException(chosen.command + " " + victim + " failed or did not finish");
        }
        Process start = control("start-broker", victim);
        if (!start.waitFor(120, TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new ToolException("start-broker " + victim + " failed or did not finish");
        }
        return figures;
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
        long target = acks.size() + count;
        awaitCondition(() -> acks.size() >= target, count + " more acknowledged writes (producer error: "
            + producerError.get() + ")");
    }

    private static long sinceMs(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static TopicPartitionInfo partitionInfo(Admin admin, TopicPartition tp) {
        try {
            return admin.describeTopics(List.of(tp.topic())).allTopicNames().get(10, TimeUnit.SECONDS).get(tp.topic())
                .partitions().get(tp.partition());
        } catch (Exception e) {
            throw new ToolException("Describing " + tp.topic() + " failed: " + ToolRunner.messageOf(e));
        }
    }

    /** The controller's id as a broker tells it, -1 while there is none. */
    private static int controllerId(Admin admin) {
        try {
            Node controller = admin.describeCluster().controller().get(10, TimeUnit.SECONDS);
            return controller == null || controller.isEmpty() ? -1 : controller.id();
        } catch (Exception e) {
            throw new ToolException("Describing the cluster failed: " + ToolRunner.messageOf(e));
        }
    }

    /**
     * Creates a topic of a fresh name through the controller. {@code TOPIC_ALREADY_EXISTS} counts
     * as created: the name is this run's, so only a retry of this very request after an answer that
     * went astray can have created it.
     */
    private void createProbeTopic(Admin admin, int run) {
        String name = topic + "-controller-probe-" + run + "-" + System.currentTimeMillis();
        try {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ApiException api) || api.error() != Errors.TOPIC_ALREADY_EXISTS) {
                throw new ToolException("The new controller did not create topic " + name + ": "
                    + ToolRunner.messageOf(e));
            }
        } catch (Exception e) {
            throw new ToolException("The new controller did not create topic " + name + ": " + ToolRunner.messageOf(e));
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
