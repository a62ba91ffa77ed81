package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.BrokerControl;
import io.zkafka.tools.internals.ClusterProbe;
import io.zkafka.tools.internals.ClusterProbe.PartitionView;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures a cluster at scale, through the public clients only (brokers are started, stopped and
 * killed by a control script: {@code SCRIPT start-broker|stop-broker|kill-broker ID}). Scenarios:
 * <ul>
 *   <li>{@code create}: create {@code --topics} topics of {@code --partitions} partitions (RF 1) in
 *   one CreateTopics call; the time until the call returned and every partition has a leader in
 *   the metadata. The topics are deleted between runs and kept after the last.</li>
 *   <li>{@code controller-kill}: SIGKILL the controller; the time until clients are told of another
 *   controller, and until every partition of the replicated topic (RF 3) it led has another
 *   leader.</li>
 *   <li>{@code broker-kill}, {@code broker-kill-expired}, {@code broker-clean}: a broker that is not
 *   the controller, holding a third of the partitions, is killed and restarted at once, killed and
 *   restarted once the metadata shows its partitions leaderless (its session gone), or stopped with
 *   SIGTERM and restarted; the time from the restart until every partition it led is served again
 *   (answers ListOffsets) at a newer leader epoch.</li>
 * </ul>
 * The gaps between acks=all acknowledgements around leader faults are measured by
 * {@link UnavailabilityBenchmark}. Every fault's clock starts before its command is launched, so
 * figures include the command's own start-up. Prints each run, then a table of medians.
 *
 * <p>Threads: the calling thread runs the scenarios.
 */
@Command(name = "scale-bench.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "Measures topic creation, failover and restarts of a cluster holding many partitions.")
public final class ScaleBenchmark implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ", context -> new ScaleBenchmark(context.out()))
        .withHelpWithoutArguments();

    private static final List<String> SCENARIOS = List.of("create", "controller-kill", "broker-kill",
        "broker-kill-expired", "broker-clean");
    private static final String REPLICATED_TOPIC = "scale-replicated";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "brokers to use")
    String bootstrapServers;
    @Option(names = "--control-script", required = true, paramLabel = "PATH",
        description = "run as PATH start-broker|stop-broker|kill-broker ID")
    String controlScript;
    @Option(names = "--scenarios", defaultValue = "create,controller-kill,broker-kill,broker-clean", split = ",", paramLabel = "NAME[,NAME...]", description = "which, in order")
    List<String> scenarios;
    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "runs of each scenario (default 3)")
    int runs;
    @Option(names = "--topics", defaultValue = "100", paramLabel = "N", description = "topics created (default 100)")
    int topics;
    @Option(names = "--partitions", defaultValue = "100", paramLabel = "N",
        description = "partitions of each created topic, replication factor 1 (default 100)")
    int partitions;
    @Option(names = "--replicated-partitions", defaultValue = "300", paramLabel = "N",
        description = "partitions of the topic of replication factor 3 (default 300)")
    int replicatedPartitions;
    @Option(names = "--timeout-s", defaultValue = "300", paramLabel = "S", description = "longest wait for any step")
    long timeoutS;

    private final PrintStream out;
    private final Map<String, List<Long>> rows = new LinkedHashMap<>();
    private Admin admin;
    private ClusterProbe probe;
    private BrokerControl control;

    private ScaleBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        for (String scenario : scenarios) {
            if (!SCENARIOS.contains(scenario)) {
                throw new ToolException("Unknown scenario '" + scenario + "'; known: " + SCENARIOS);
            }
        }
        if (runs < 1 || topics < 1 || partitions < 1 || replicatedPartitions < 1) {
            throw new ToolException("--runs, --topics, --partitions and --replicated-partitions must be at least 1");
        }
        control = new BrokerControl(controlScript);
        try (Admin longCalls = Admin.create(Map.of("bootstrap.servers", bootstrapServers,
                "request.timeout.ms", (int) Duration.ofSeconds(timeoutS).toMillis(),
                "default.api.timeout.ms", (int) Duration.ofSeconds(timeoutS).toMillis()));
             Admin shortCalls = Admin.create(Map.of("bootstrap.servers", bootstrapServers,
                 "request.timeout.ms", (int) CALL_TIMEOUT.toMillis(), "default.api.timeout.ms", (int) CALL_TIMEOUT.toMillis()))) {
            admin = longCalls;
            probe = new ClusterProbe(shortCalls, CALL_TIMEOUT);
            createIfMissing(REPLICATED_TOPIC, replicatedPartitions, (short) 3);
            for (String scenario : scenarios) {
                for (int run = 1; run <= runs; run++) {
                    runScenario(scenario, run);
                }
            }
        }
        printTable();
        return ToolRunner.OK;
    }

    private void runScenario(String scenario, int run) throws Exception {
        switch (scenario) {
            case "create" -> create(run);
            case "controller-kill" -> killController(run);
            case "broker-kill" -> restartBroker(run, "kill-broker", false);
            case "broker-kill-expired" -> restartBroker(run, "kill-broker", true);
            case "broker-clean" -> restartBroker(run, "stop-broker", false);
            default -> throw new IllegalStateException(scenario);
        }
    }

    // ---- scenarios ----

    private void create(int run) throws Exception {
        List<String> names = baseTopics();
        if (admin.listTopics().names().get().stream().anyMatch(names::contains)) {
            long deleteStart = System.nanoTime();
            admin.deleteTopics(names).all().get(timeoutS, TimeUnit.SECONDS);
            ClusterProbe.await(() -> noneListed(names), timeout(), "the deletion of " + names.size() + " topics");
            out.printf("create run %d: deleted the earlier %d topics in %d ms%n", run, names.size(), msSince(deleteStart));
        }
        long start = System.nanoTime();
        admin.createTopics(names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList())
            .all().get(timeoutS, TimeUnit.SECONDS);
        long answered = msSince(start);
        ClusterProbe.await(() -> probe.allLed(names, false), timeout(), "leaders of every created partition");
        long led = msSince(start);
        out.printf("create run %d: %d topics x %d partitions (RF 1): CreateTopics answered after %d ms, every "
            + "partition led in the metadata after %d ms%n", run, topics, partitions, answered, led);
        record("create " + topics * partitions + " partitions (" + topics + " topics x " + partitions + ", RF 1)", led);
    }

    private void killController(int run) {
        ensureBaseTopics();
        awaitHealthy();
        int controller = awaitController();
        Map<TopicPartition, PartitionView> replicated = probe.partitions(List.of(REPLICATED_TOPIC));
        long ledByController = replicated.values().stream().filter(v -> v.leader() == controller).count();
        long start = System.nanoTime();
        control.run("kill-broker", controller);
        long newController = msBetween(start, ClusterProbe.await(() -> {
            OptionalInt now = probe.controller();
            return now.isPresent() && now.getAsInt() != controller;
        }, timeout(), "a controller other than broker " + controller));
        long ledElsewhere = msBetween(start, ClusterProbe.await(() -> {
            Map<TopicPartition, PartitionView> views = probe.partitions(List.of(REPLICATED_TOPIC));
            return views != null && views.values().stream().allMatch(v -> v.led() && v.leader() != controller);
        }, timeout(), "leaders other than broker " + controller + " for " + REPLICATED_TOPIC));
        out.printf("controller-kill run %d: killed controller %d (%d partitions in all, %d of %s led by it): new "
            + "controller seen after %d ms, its RF 3 partitions led elsewhere after %d ms%n", run, controller,
            totalPartitions(), ledByController, REPLICATED_TOPIC, newController, ledElsewhere);
        record("kill -9 the controller (" + totalPartitions() + " partitions): new controller seen by clients",
            newController);
        record("kill -9 the controller: the partitions it led with RF 3 led elsewhere", ledElsewhere);
        control.run("start-broker", controller);
    }

    private void restartBroker(int run, String fault, boolean afterExpiry) {
        ensureBaseTopics();
        awaitHealthy();
        int controller = awaitController();
        int broker = IntStream.rangeClosed(1, 3).filter(id -> id != controller).findFirst().orElseThrow();
        fillBaseTopics();
        Map<TopicPartition, PartitionView> before = probe.partitions(allTopics());
        List<TopicPartition> led = before.entrySet().stream().filter(e -> e.getValue().leader() == broker)
            .map(Map.Entry::getKey).toList();
        long hosted = before.values().stream().filter(v -> v.replicas().contains(broker)).count();
        Map<TopicPartition, Integer> epochs = probe.servedEpochs(led);
        if (epochs.size() != led.size()) {
            throw new ToolException("only " + epochs.size() + " of the " + led.size() + " partitions broker " + broker
                + " leads are served before the fault");
        }
        long faultStart = System.nanoTime();
        control.run(fault, broker);
        long faultMs = msSince(faultStart);
        if (afterExpiry) {
            ClusterProbe.await(() -> {
                Map<TopicPartition, PartitionView> views = probe.partitions(allTopics());
                return views != null && led.stream().noneMatch(tp -> views.get(tp).leader() == broker);
            }, timeout(), "the partitions of broker " + broker + " to lose it as leader");
        }
        long sinceFault = msSince(faultStart);
        long start = System.nanoTime();
        Process starting = control.launch("start-broker", broker);
        Set<TopicPartition> waiting = new HashSet<>(led);
        long allLed = msBetween(start, ClusterProbe.await(() -> {
            probe.servedEpochs(waiting).forEach((tp, epoch) -> {
                if (epoch > epochs.get(tp)) {
                    waiting.remove(tp);
                }
            });
            return waiting.isEmpty();
        }, timeout(), "the " + led.size() + " partitions of broker " + broker + " to be served at a new epoch"));
        BrokerControl.await(starting, "start-broker", broker);
        String how = switch (fault) {
            case "stop-broker" -> "stopped cleanly (" + faultMs + " ms)";
            default -> afterExpiry ? "killed, restarted " + sinceFault + " ms later once its partitions lost it"
                : "killed, restarted at once";
        };
        out.printf("%s run %d: broker %d (%d partitions hosted, %d led) %s: all led again %d ms after the restart%n",
            afterExpiry ? "broker-kill-expired" : fault.equals("stop-broker") ? "broker-clean" : "broker-kill", run,
            broker, hosted, led.size(), how, allLed);
        String what = switch (fault) {
            case "stop-broker" -> "clean stop of a broker holding " + hosted + " partitions, restart";
            default -> "kill -9 a broker holding " + hosted + " partitions, restart "
                + (afterExpiry ? "after its session expired" : "at once");
        };
        record(what + ": all led again", allLed);
    }

    // ---- helpers ----

    private List<String> baseTopics() {
        return IntStream.range(0, topics).mapToObj(i -> String.format("scale-%03d", i)).toList();
    }

    private List<String> allTopics() {
        List<String> all = new ArrayList<>(baseTopics());
        all.add(REPLICATED_TOPIC);
        return all;
    }

    private int totalPartitions() {
        return topics * partitions + replicatedPartitions;
    }

    private void ensureBaseTopics() {
        List<String> names = baseTopics();
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutS, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                .map(name -> new NewTopic(name, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeoutS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new ToolException("Cannot create the topics: " + ToolRunner.messageOf(e), e);
        }
    }

    private void createIfMissing(String topic, int count, short replicationFactor) throws Exception {
        if (!admin.listTopics().names().get(timeoutS, TimeUnit.SECONDS).contains(topic)) {
            admin.createTopics(List.of(new NewTopic(topic, count, replicationFactor)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(timeoutS, TimeUnit.SECONDS);
        }
    }

    /** One record to every partition of the created topics, so each log has data past its recovery point. */
    private void fillBaseTopics() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
            "client.id", "scale-bench-fill", "acks", "1", "linger.ms", 5), new ByteArraySerializer(),
            new ByteArraySerializer())) {
            byte[] value = new byte[100];
            List<Future<?>> sent = new ArrayList<>();
            for (String topic : baseTopics()) {
                for (int p = 0; p < partitions; p++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, p, null, value)));
                }
            }
            for (Future<?> future : sent) {
                future.get(timeoutS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new ToolException("Cannot write to the topics: " + ToolRunner.messageOf(e), e);
        }
    }

    private void awaitHealthy() {
        List<String> replicated = List.of(REPLICATED_TOPIC);
        ClusterProbe.await(() -> probe.allLed(baseTopicsIfAny(), false) && probe.allLed(replicated, true), timeout(),
            "every partition led and the replicated ones fully in sync");
    }

    private List<String> baseTopicsIfAny() {
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutS, TimeUnit.SECONDS);
            List<String> present = baseTopics().stream().filter(existing::contains).toList();
            return present.isEmpty() ? List.of(REPLICATED_TOPIC) : present;
        } catch (Exception e) {
            return List.of(REPLICATED_TOPIC);
        }
    }

    private int awaitController() {
        int[] found = {-1};
        ClusterProbe.await(() -> {
            OptionalInt controller = probe.controller();
            controller.ifPresent(id -> found[0] = id);
            return controller.isPresent();
        }, timeout(), "a controller");
        return found[0];
    }

    private boolean noneListed(List<String> names) {
        try {
            Set<String> existing = admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return names.stream().noneMatch(existing::contains);
        } catch (Exception e) {
            return false;
        }
    }

    private Duration timeout() {
        return Duration.ofSeconds(timeoutS);
    }

    private void record(String row, long ms) {
        rows.computeIfAbsent(row, r -> new ArrayList<>()).add(ms);
    }

    private void printTable() {
        out.println();
        out.println("| event | ZKafka (median) | runs (ms) |");
        out.println("| --- | --- | --- |");
        rows.forEach((row, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            out.printf("| %s | %s | %s |%n", row, seconds(sorted.get(sorted.size() / 2)),
                String.join(", ", values.stream().map(String::valueOf).toList()));
        });
    }

    private static String seconds(long ms) {
        return ms < 1_000 ? ms + " ms" : String.format("%.1f s", ms / 1_000.0);
    }

    private static long msSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static long msBetween(long startNanos, long endNanos) {
        return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }
}
