package io.zkafka.tools;

import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.TopicService;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-topics.sh}: creates, lists, describes, alters (adds partitions to) and deletes
 * topics through the admin client, with Kafka 3.9's flags, checks and output lines. Confined to the
 * thread that runs it.
 */
@Command(name = "kafka-topics.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to create, delete, describe, or change a topic.")
public final class TopicCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error while executing topic command : ",
        context -> new TopicCommand(context.out()))
        .withHelpWithoutArguments();

    @Spec
    CommandSpec spec;
    @Mixin
    VerboseOption verbose;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<server to connect to>",
        description = "REQUIRED: The Kafka server to connect to.")
    String bootstrapServer;
    @Option(names = "--command-config", paramLabel = "<command config property file>",
        description = "Property file containing configs to be passed to Admin Client.")
    String commandConfig;
    @Option(names = "--list", description = "List all available topics.")
    boolean list;
    @Option(names = "--create", description = "Create a new topic.")
    boolean create;
    @Option(names = "--delete", description = "Delete a topic.")
    boolean delete;
    @Option(names = "--alter", description = "Alter the number of partitions of a topic.")
    boolean alter;
    @Option(names = "--describe", description = "List details for the given topics.")
    boolean describe;
    @Option(names = "--topic", paramLabel = "<topic>",
        description = "The topic to create, alter, describe or delete. It also accepts a regular expression, "
            + "except for --create option.")
    String topic;
    @Option(names = "--config", paramLabel = "<name=value>",
        description = "A topic configuration override for the topic being created (repeatable).")
    List<String> configs = new ArrayList<>();
    @Option(names = "--partitions", paramLabel = "<# of partitions>",
        description = "The number of partitions for the topic being created or altered. If not supplied with "
            + "--create, the topic uses the cluster default.")
    Integer partitions;
    @Option(names = "--replication-factor", paramLabel = "<replication factor>",
        description = "The replication factor for each partition in the topic being created. If not supplied, "
            + "the topic uses the cluster default.")
    Integer replicationFactor;
    @Option(names = "--replica-assignment", paramLabel = "<broker_id_for_part1_replica1 : ... , ...>",
        description = "A list of manual partition-to-broker assignments for the topic being created.")
    String replicaAssignment;
    @Option(names = "--under-replicated-partitions",
        description = "If set when describing topics, only show under-replicated partitions.")
    boolean underReplicated;
    @Option(names = "--unavailable-partitions",
        description = "If set when describing topics, only show partitions whose leader is not available.")
    boolean unavailable;
    @Option(names = "--under-min-isr-partitions",
        description = "If set when describing topics, only show partitions whose isr count is less than the "
            + "configured minimum.")
    boolean underMinIsr;
    @Option(names = "--at-min-isr-partitions",
        description = "If set when describing topics, only show partitions whose isr count is equal to the "
            + "configured minimum.")
    boolean atMinIsr;
    @Option(names = "--if-exists",
        description = "If set when altering or deleting or describing topics, the action will only execute if the "
            + "topic exists.")
    boolean ifExists;
    @Option(names = "--if-not-exists",
        description = "If set when creating topics, the create request will not fail if the topic already exists.")
    boolean ifNotExists;
    @Option(names = "--exclude-internal",
        description = "Exclude internal topics when listing or describing topics.")
    boolean excludeInternal;

    private final PrintStream out;

    private TopicCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() {
        checkArgs();
        try (TopicService service = new TopicService(bootstrapServer, commandConfig, excludeInternal, out)) {
            if (create) {
                service.create(topic, partitions, replicationFactor, parseAssignment(), parseConfigs(), ifNotExists);
            } else if (alter) {
                service.alter(topic, partitions, ifExists);
            } else if (list) {
                service.list(topic);
            } else if (describe) {
                service.describe(topic, ifExists, new TopicService.PartitionFilter(underReplicated, unavailable,
                    underMinIsr, atMinIsr));
            } else {
                service.delete(topic, ifExists);
            }
        }
        return ToolRunner.OK;
    }

    private void checkArgs() {
        int actions = (create ? 1 : 0) + (list ? 1 : 0) + (alter ? 1 : 0) + (describe ? 1 : 0) + (delete ? 1 : 0);
        if (actions != 1) {
            throw usage("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        }
        if (bootstrapServer == null) {
            throw usage("--bootstrap-server must be specified");
        }
        if (!list && !describe && topic == null) {
            throw usage("Missing required argument \"[topic]\"");
        }
        if (describe && ifExists && topic == null) {
            throw usage("--topic is required to describe a topic");
        }
        if (alter && !configs.isEmpty()) {
            throw usage("Option \"[config]\" can't be used with option \"[alter]\" (To alter topic configurations, "
                + "the kafka-configs tool can be used.)");
        }
        if (alter && partitions == null) {
            throw usage("Missing required argument \"[partitions]\"");
        }
        onlyWith(!configs.isEmpty(), "config", create);
        onlyWith(partitions != null, "partitions", create || alter);
        onlyWith(replicationFactor != null, "replication-factor", create);
        onlyWith(replicaAssignment != null, "replica-assignment", create);
        if (create && replicaAssignment != null && (partitions != null || replicationFactor != null)) {
            throw usage("Option \"[replica-assignment]\" can't be used with option \"[partitions]\" or "
                + "\"[replication-factor]\"");
        }
        onlyWith(underReplicated, "under-replicated-partitions", describe);
        onlyWith(unavailable, "unavailable-partitions", describe);
        onlyWith(underMinIsr, "under-min-isr-partitions", describe);
        onlyWith(atMinIsr, "at-min-isr-partitions", describe);
        onlyWith(ifExists, "if-exists", alter || delete || describe);
        onlyWith(ifNotExists, "if-not-exists", create);
        onlyWith(excludeInternal, "exclude-internal", list || describe);
    }

    private void onlyWith(boolean used, String option, boolean allowed) {
        if (used && !allowed) {
            throw usage("Option \"[" + option + "]\" can't be used with option \"[" + action() + "]\"");
        }
    }

    private String action() {
        return create ? "create" : alter ? "alter" : list ? "list" : describe ? "describe" : "delete";
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private Map<String, String> parseConfigs() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String config : configs) {
            String[] pair = config.split("\\s*=\\s*");
            if (pair.length != 2) {
                throw usage("requirement failed: Invalid topic config: all configs to be added must be in the format "
                    + "\"key=val\".");
            }
            parsed.put(pair[0].trim(), pair[1].trim());
        }
        return parsed;
    }

    private Map<Integer, List<Integer>> parseAssignment() {
        if (replicaAssignment == null || replicaAssignment.isBlank()) {
            return null;
        }
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        String[] partitionList = replicaAssignment.split(",");
        for (int p = 0; p < partitionList.length; p++) {
            List<Integer> brokers = new ArrayList<>();
            for (String id : partitionList[p].split(":")) {
                try {
                    brokers.add(Integer.parseInt(id.trim()));
                } catch (NumberFormatException e) {
                    throw usage("--replica-assignment: '" + id.trim() + "' is not a broker id");
                }
            }
            if (brokers.stream().distinct().count() != brokers.size()) {
                throw usage("Partition replica lists may not contain duplicate entries: " + partitionList[p]);
            }
            if (p > 0 && brokers.size() != assignment.get(0).size()) {
                throw usage("Partition " + p + " has different replication factor: " + brokers);
            }
            assignment.put(p, brokers);
        }
        return assignment;
    }
}
