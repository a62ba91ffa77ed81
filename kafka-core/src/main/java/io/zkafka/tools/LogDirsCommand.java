package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.LogDirDescription;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.json.JsonWriter;
import io.zkafka.common.protocol.Errors;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-log-dirs.sh --describe}: the log dirs of brokers and the replicas in them, through
 * the admin client's {@code describeLogDirs}, in Kafka's lines and JSON (brokers in the order asked,
 * log dirs and partitions sorted; {@code error} is null or the error's name, e.g.
 * {@code KAFKA_STORAGE_ERROR} for an offline dir):
 *
 * <pre>
 * Querying brokers for log directories information
 * Received log directory information from brokers 1,2
 * {"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/data/1","error":null,
 *   "partitions":[{"partition":"t-0","size":120,"offsetLag":0,"isFuture":false}]}]}]}
 * </pre>
 *
 * Confined to the thread that runs it.
 */
@Command(name = "kafka-log-dirs.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to query log directory usage on the specified brokers.")
public final class LogDirsCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("", context -> new LogDirsCommand(context.out()))
        .withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;
    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: The server(s) to use for bootstrapping>",
        required = true, description = "REQUIRED: the server(s) to use for bootstrapping")
    String bootstrapServer;
    @Option(names = "--command-config", paramLabel = "<String: Admin client property file>",
        description = "Property file containing configs to be passed to Admin Client.")
    String commandConfig;
    @Option(names = "--describe", description = "Describe the specified log directories on the specified brokers.")
    boolean describe;
    @Option(names = "--broker-list", paramLabel = "<String: Broker list>", description = "The list of brokers to be "
        + "queried in the form \"0,1,2\". All brokers in the cluster will be queried if no broker list is specified")
    String brokerList;
    @Option(names = "--topic-list", paramLabel = "<String: Topic list>", defaultValue = "", description = "The list "
        + "of topics to be queried in the form \"topic1,topic2,topic3\". All topics will be queried if no topic list "
        + "is specified")
    String topicList;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private LogDirsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        if (!describe) {
            throw new ParameterException(spec.commandLine(), "Missing required option: --describe");
        }
        Set<Integer> requested = brokerList == null ? null : parseBrokers(brokerList);
        Set<String> topics = splitTopics(topicList);
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        try (Admin admin = Admin.create(props)) {
            Set<Integer> existing = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .map(Node::id).collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> brokers = requested == null ? existing : requested;
            Set<Integer> absent = new TreeSet<>(brokers);
            absent.removeAll(existing);
            if (!absent.isEmpty()) {
                throw new ToolException("ERROR: The given brokers do not exist from --broker-list: " + join(absent)
                    + ". Current existent brokers: " + join(existing));
            }
            out.println("Querying brokers for log directories information");
            Map<Integer, Map<String, LogDirDescription>> byBroker = new LinkedHashMap<>();
            var futures = admin.describeLogDirs(brokers).descriptions();
            for (int broker : brokers) {
                byBroker.put(broker, futures.get(broker).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            out.println("Received log directory information from brokers " + join(brokers));
            out.println(toJson(byBroker, topics));
        }
        return ToolRunner.OK;
    }

    private static Set<Integer> parseBrokers(String list) {
        Set<Integer> brokers = new LinkedHashSet<>();
        for (String id : list.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            try {
                brokers.add(Integer.parseInt(id.trim()));
            } catch (NumberFormatException e) {
                throw new ToolException("--broker-list: '" + id.trim() + "' is not a broker id");
            }
        }
        return brokers;
    }

    private static Set<String> splitTopics(String list) {
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : list.split(",")) {
            if (!topic.isBlank()) {
                topics.add(topic.trim());
            }
        }
        return topics;
    }

    private static String join(Set<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static String toJson(Map<Integer, Map<String, LogDirDescription>> byBroker, Set<String> topics) {
        List<Object> brokers = new ArrayList<>();
        byBroker.forEach((broker, dirs) -> {
            List<Object> logDirs = new ArrayList<>();
            new TreeMap<>(dirs).forEach((path, dir) -> {
                List<Object> partitions = new ArrayList<>();
                dir.replicaInfos().entrySet().stream()
                    .filter(e -> topics.isEmpty() || topics.contains(e.getKey().topic()))
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                    .forEach(e -> {
                        Map<String, Object> partition = new LinkedHashMap<>();
                        partition.put("partition", e.getKey().toString());
                        partition.put("size", e.getValue().size());
                        partition.put("offsetLag", e.getValue().offsetLag());
                        partition.put("isFuture", false);
                        partitions.add(partition);
                    });
                Map<String, Object> logDir = new LinkedHashMap<>();
                logDir.put("logDir", path);
                logDir.put("error", dir.error() == Errors.NONE ? null : dir.error().name());
                logDir.put("partitions", partitions);
                logDirs.add(logDir);
            });
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("broker", broker);
            entry.put("logDirs", logDirs);
            brokers.add(entry);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("brokers", brokers);
        return JsonWriter.write(root);
    }
}
