package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.UserScramCredentialsDescription;
import io.zkafka.common.Node;
import io.zkafka.tools.internals.ConfigPairs;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.UserScramConfigs;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-configs.sh} for topics, brokers and users' SCRAM credentials ({@link UserScramConfigs}), with
 * Kafka's flags and lines:
 *
 * <pre>
 * Dynamic configs for topic t are:                 (--describe; "All configs for ..." with --all)
 *   retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}
 * Completed updating config for topic t.           (--alter)
 * </pre>
 *
 * Without {@code --all} a topic shows its overrides and a broker its dynamic configs (its own,
 * DYNAMIC_BROKER_CONFIG, and the cluster-wide ones, DYNAMIC_DEFAULT_BROKER_CONFIG; with {@code --all}
 * also server.properties, STATIC_BROKER_CONFIG, and defaults). {@code --entity-default} describes or
 * alters the cluster-wide dynamic broker configs. The synonyms name only the source that gave the
 * value. A broker refuses keys that cannot change while it runs, and the refusal is printed as the
 * failure. Confined to the thread that runs it.
 */
@Command(name = "kafka-configs.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to manipulate and describe entity config for a topic or broker.")
public final class ConfigCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error while executing config command: ",
        context -> new ConfigCommand(context.out())).withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;
    private static final String TOPICS = "topics";
    private static final String BROKERS = "brokers";
    private static final String USERS = "users";

    @Spec
    CommandSpec spec;
    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: server to connect to>", description = "The Kafka "
        + "servers to connect to.")
    String bootstrapServer;
    @Option(names = "--command-config", paramLabel = "<String: command config property file>", description =
        "Property file containing configs to be passed to Admin Client.")
    String commandConfig;
    @Option(names = "--describe", description = "List configs for the given entity.")
    boolean describe;
    @Option(names = "--alter", description = "Alter the configuration for the entity.")
    boolean alter;
    @Option(names = "--entity-type", paramLabel = "<String>", description = "Type of entity (topics/brokers/users)")
    String entityType;
    @Option(names = "--entity-name", paramLabel = "<String>", description = "Name of entity (topic name/broker id/user name)")
    String entityName;
    @Option(names = "--entity-default", description = "Default entity name for brokers (applies to the brokers "
        + "entity type): the cluster-wide dynamic broker configs.")
    boolean entityDefault;
    @Option(names = "--topic", paramLabel = "<String: topic>", description = "The topic's name. Equivalent to "
        + "--entity-type topics --entity-name <topic>.")
    String topic;
    @Option(names = "--broker", paramLabel = "<String: broker id>", description = "The broker's ID. Equivalent to "
        + "--entity-type brokers --entity-name <broker id>.")
    String broker;
    @Option(names = "--all", description = "List all configs for the given topic or broker, including defaults.")
    boolean all;
    @Option(names = "--add-config", paramLabel = "<String>", description = "Key Value pairs of configs to add. "
        + "Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'.")
    String addConfig;
    @Option(names = "--delete-config", paramLabel = "<String>", description = "config keys to remove 'k1,k2'")
    String deleteConfig;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private ConfigCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        if (bootstrapServer == null) {
            throw usage("--bootstrap-server must be specified");
        }
        if (describe == alter) {
            throw usage("Command must include exactly one action: --describe, --alter");
        }
        resolveEntity();
        if (describe && (addConfig != null || deleteConfig != null)) {
            throw usage("--add-config and --delete-config can only be used with --alter");
        }
        if (alter && all) {
            throw usage("--all can only be used with --describe");
        }
        if (alter && addConfig == null && deleteConfig == null) {
            throw usage("At least one of --add-config or --delete-config must be specified with --alter");
        }
        if (entityDefault) {
            checkEntityDefault();
        } else if (alter && entityName == null) {
            throw usage("an entity name must be specified with --alter of " + entityType);
        }
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        try (Admin admin = Admin.create(props)) {
            if (entityType.equals(USERS)) {
                return users(admin);
            }
            if (entityDefault) {
                // the brokers' cluster-wide dynamic configs: the broker resource with the empty name
                ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
                if (alter) {
                    alter(admin, defaults);
                } else {
                    describe(admin, defaults);
                }
            } else if (describe) {
                for (String name : entityNames(admin)) {
                    describe(admin, resource(name));
                }
            } else {
                alter(admin, resource(entityName));
            }
        }
        return ToolRunner.OK;
    }

    private void resolveEntity() {
        if (topic != null || broker != null) {
            if (entityType != null || entityName != null || topic != null && broker != null) {
                throw usage("--topic and --broker cannot be combined with each other or with --entity-type "
                    + "and --entity-name");
            }
            entityType = topic != null ? TOPICS : BROKERS;
            entityName = topic != null ? topic : broker;
        }
        if (entityType == null) {
            throw usage("--entity-type must be specified");
        }
        if (!entityType.equals(TOPICS) && !entityType.equals(BROKERS) && !entityType.equals(USERS)) {
            throw usage("Invalid entity type " + entityType + ", the entity type must be one of topics, brokers, users "
                + "(ZKafka has no clients or ips configs)");
        }
        if (entityType.equals(BROKERS) && entityName != null) {
            try {
                Integer.parseInt(entityName);
            } catch (NumberFormatException e) {
                throw usage("The entity name for brokers must be a valid integer broker id, but it is: "
                    + entityName);
            }
        }
    }

    /** SCRAM credentials: the only user configs ZKafka has. */
    private int users(Admin admin) {
        if (all) {
            throw usage("--all applies to topics and brokers only");
        }
        if (describe) {
            for (UserScramCredentialsDescription description : await(UserScramConfigs.describe(admin, entityName)).values()) {
                String line = UserScramConfigs.describeLine(description);
                if (line != null) {
                    out.println(line);
                }
            }
            return ToolRunner.OK;
        }
        Map<String, String> toSet = addConfig == null ? Map.of() : ConfigPairs.parseAdd(addConfig);
        Set<String> toDelete = deleteConfig == null ? Set.of() : ConfigPairs.parseDelete(deleteConfig);
        await(admin.alterUserScramCredentials(UserScramConfigs.alterations(entityName, toSet, toDelete)).all());
        out.println("Completed updating config for user " + entityName + ".");
        return ToolRunner.OK;
    }

    private void checkEntityDefault() {
        if (!entityType.equals(BROKERS)) {
            throw usage("--entity-default applies to brokers only");
        }
        if (entityName != null) {
            throw usage("--entity-name and --entity-default cannot both be specified");
        }
    }

    private List<String> entityNames(Admin admin) {
        if (entityName != null) {
            return List.of(entityName);
        }
        if (entityType.equals(TOPICS)) {
            return await(admin.listTopics().names()).stream().sorted().toList();
        }
        return await(admin.describeCluster().nodes()).stream().map(Node::id).sorted()
            .map(String::valueOf).toList();
    }

    private ConfigResource resource(String name) {
        return new ConfigResource(entityType.equals(TOPICS) ? ConfigResource.Type.TOPIC : ConfigResource.Type.BROKER,
            name);
    }

    private static String label(ConfigResource resource) {
        if (resource.type() == ConfigResource.Type.BROKER && resource.name().isEmpty()) {
            return "default brokers";
        }
        return (resource.type() == ConfigResource.Type.TOPIC ? "topic " : "broker ") + resource.name();
    }

    private void describe(Admin admin, ConfigResource resource) {
        Config config = await(admin.describeConfigs(List.of(resource)).values().get(resource));
        boolean topicResource = resource.type() == ConfigResource.Type.TOPIC;
        if (resource.type() == ConfigResource.Type.BROKER && resource.name().isEmpty()) {
            out.println("Default configs for brokers in the cluster are:");
        } else {
            out.println((all ? "All" : "Dynamic") + " configs for " + label(resource) + " are:");
        }
        List<ConfigEntry> entries = new ArrayList<>(config.entries());
        entries.sort(Comparator.comparing(ConfigEntry::name));
        for (ConfigEntry entry : entries) {
            ConfigEntry.ConfigSource source = sourceOf(entry, topicResource);
            boolean dynamic = source == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                || source == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                || source == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            if (!all && !dynamic) {
                continue;
            }
            out.println("  " + entry.name() + "=" + entry.value() + " sensitive=false synonyms={" + source + ":"
                + entry.name() + "=" + entry.value() + "}");
        }
    }

    private static ConfigEntry.ConfigSource sourceOf(ConfigEntry entry, boolean topicResource) {
        if (entry.source() != ConfigEntry.ConfigSource.UNKNOWN) {
            return entry.source();
        }
        return entry.isDefault() ? ConfigEntry.ConfigSource.DEFAULT_CONFIG
            : topicResource ? ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG : ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG;
    }

    private void alter(Admin admin, ConfigResource resource) {
        Map<String, String> toSet = addConfig == null ? Map.of() : ConfigPairs.parseAdd(addConfig);
        Set<String> toDelete = deleteConfig == null ? Set.of() : ConfigPairs.parseDelete(deleteConfig);
        if (resource.type() == ConfigResource.Type.TOPIC && !toDelete.isEmpty()) {
            Config current = await(admin.describeConfigs(List.of(resource)).values().get(resource));
            List<String> invalid = toDelete.stream().filter(key -> current.get(key) == null).toList();
            if (!invalid.isEmpty()) {
                throw new ToolException("Invalid config(s): " + String.join(",", invalid));
            }
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        toSet.forEach((key, value) -> ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
        toDelete.forEach(key -> ops.add(new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE)));
        await(admin.incrementalAlterConfigs(Map.of(resource, ops)).values().get(resource));
        out.println("Completed updating config for " + label(resource) + ".");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = ToolRunner.unwrap(e);
            throw new ToolException(ToolRunner.messageOf(cause), cause);
        } catch (TimeoutException e) {
            throw new ToolException("No answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted");
        }
    }
}
