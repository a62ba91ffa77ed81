package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.UserScramCredentialsDescription;
import io.zkafka.common.Node;
import io.zkafka.common.quota.ClientQuotaEntity;
import io.zkafka.tools.internals.ClientQuotas;
import io.zkafka.tools.internals.ConfigPairs;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.UserScramConfigs;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
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
 * {@code kafka-configs.sh} for topics, brokers, users' SCRAM credentials ({@link UserScramConfigs}) and client
 * quotas of users, client ids and users' client ids ({@link ClientQuotas}), with Kafka's flags and lines:
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
 * alters the cluster-wide dynamic broker configs, or the default user or client id quota. Quotas take
 * {@code --entity-type users --entity-name <user> --entity-type clients --entity-name <client id>} (each name
 * or {@code --entity-default} in the order given) and describe strictly, as Kafka's tool does. The synonyms name only the source that gave the
 * value. A broker refuses keys that cannot change while it runs, and the refusal is printed as the
 * failure. Confined to the thread that runs it.
 */
@Command(name = "kafka-configs.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to manipulate and describe entity config for a topic, broker, user or client.")
public final class ConfigCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error while executing config command: ",
        context -> new ConfigCommand(context.out())).withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;
    private static final String TOPICS = "topics";
    private static final String BROKERS = "brokers";
    private static final String USERS = ClientQuotas.USERS;
    private static final String CLIENTS = ClientQuotas.CLIENTS;

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
    @Option(names = "--entity-type", paramLabel = "<String>", description = "Type of entity (topics/brokers/users/"
        + "clients); users and clients may both be given, for a user's quota of one client id")
    List<String> entityTypes;
    @Option(names = "--entity-name", paramLabel = "<String>", description = "Name of entity (topic name/broker id/"
        + "user name/client id), one per --entity-type in the same order")
    List<String> entityNames;
    @Option(names = "--entity-default", arity = "0", description = "Default entity name for brokers, users and clients "
        + "(in place of an --entity-name): the cluster-wide dynamic broker configs, the default user or client id quota.")
    boolean[] entityDefaults;
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
    /** The entity types, and the names in the order given ("" for --entity-default), once resolved. */
    private List<String> types = List.of();
    private List<String> names = List.of();
    private String entityType;
    private String entityName;
    private boolean entityDefault;

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
            if (entityType.equals(USERS) || entityType.equals(CLIENTS)) {
                return describe ? describeUsersAndClients(admin) : alterUsersAndClients(admin);
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
        types = entityTypes == null ? new ArrayList<>() : new ArrayList<>(entityTypes);
        names = orderedNames();
        if (topic != null || broker != null) {
            if (!types.isEmpty() || !names.isEmpty() || topic != null && broker != null) {
                throw usage("--topic and --broker cannot be combined with each other or with --entity-type "
                    + "and --entity-name");
            }
            types = List.of(topic != null ? TOPICS : BROKERS);
            names = List.of(topic != null ? topic : broker);
        }
        if (types.isEmpty()) {
            throw usage("--entity-type must be specified");
        }
        if (new HashSet<>(types).size() != types.size()) {
            throw usage("Duplicate entity type(s) specified: " + types);
        }
        for (String type : types) {
            if (!type.equals(TOPICS) && !type.equals(BROKERS) && !type.equals(USERS) && !type.equals(CLIENTS)) {
                throw usage("Invalid entity type " + type + ", the entity type must be one of topics, brokers, users, "
                    + "clients (ZKafka does not enforce ip quotas, so it has no ips configs)");
            }
        }
        if (types.size() > 1 && !new HashSet<>(types).equals(Set.of(USERS, CLIENTS))) {
            throw usage("Only users and clients can be combined: --entity-type users --entity-name <user> "
                + "--entity-type clients --entity-name <client id>");
        }
        if (names.size() > types.size()) {
            throw usage("More entity names specified than entity types");
        }
        if (alter && types.size() > 1 && names.size() != types.size()) {
            throw usage("--entity-name or --entity-default must be specified with each --entity-type for --alter");
        }
        if (types.size() == 2 && types.get(0).equals(CLIENTS)) {
            Collections.reverse(types);
            if (names.size() == 2) {
                Collections.reverse(names);
            }
        }
        entityType = types.get(0);
        entityName = names.isEmpty() || names.get(0).isEmpty() ? null : names.get(0);
        entityDefault = !names.isEmpty() && names.get(0).isEmpty();
        if (entityType.equals(BROKERS) && entityName != null) {
            try {
                Integer.parseInt(entityName);
            } catch (NumberFormatException e) {
                throw usage("The entity name for brokers must be a valid integer broker id, but it is: "
                    + entityName);
            }
        }
    }

    /** --entity-name values and --entity-default ("") in the order given, as Kafka pairs them with the types. */
    private List<String> orderedNames() {
        List<String> out = new ArrayList<>();
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--entity-name") && i + 1 < args.size()) {
                out.add(args.get(++i));
            } else if (arg.startsWith("--entity-name=")) {
                out.add(arg.substring("--entity-name=".length()));
            } else if (arg.equals("--entity-default")) {
                out.add("");
            } else if (!arg.contains("=") && (arg.equals("--add-config") || arg.equals("--delete-config")
                    || arg.equals("--command-config") || arg.equals("--bootstrap-server") || arg.equals("--entity-type"))) {
                i++;
            }
        }
        return out;
    }

    /** Quotas of users, clients or users' clients (strictly these types), then users' SCRAM credentials. */
    private int describeUsersAndClients(Admin admin) {
        if (all) {
            throw usage("--all applies to topics and brokers only");
        }
        ClientQuotas.describeLines(await(admin.describeClientQuotas(ClientQuotas.filter(types, names)).entities()))
            .forEach(out::println);
        if (!types.contains(CLIENTS) && !names.contains("")) {
            for (UserScramCredentialsDescription description : await(UserScramConfigs.describe(admin, entityName)).values()) {
                String line = UserScramConfigs.describeLine(description);
                if (line != null) {
                    out.println(line);
                }
            }
        }
        return ToolRunner.OK;
    }

    /** Quotas (users and clients) or SCRAM credentials (users alone), never both at once, as in Kafka. */
    private int alterUsersAndClients(Admin admin) {
        Map<String, String> toSet = addConfig == null ? Map.of() : ConfigPairs.parseAdd(addConfig);
        Set<String> toDelete = deleteConfig == null ? Set.of() : ConfigPairs.parseDelete(deleteConfig);
        List<String> keys = new ArrayList<>(toSet.keySet());
        keys.addAll(toDelete);
        boolean userAlone = types.size() == 1 && entityType.equals(USERS);
        for (String key : keys) {
            if (!ClientQuotas.isQuotaKey(key) && !(userAlone && ClientQuotas.isScramKey(key))) {
                throw new ToolException(userAlone
                    ? "Invalid user config '" + key + "': users take the quotas " + String.join(", ", ClientQuotas.ENFORCED_KEYS)
                        + " and the SCRAM credentials SCRAM-SHA-256, SCRAM-SHA-512"
                    : "Invalid client config '" + key + "': only the quotas " + String.join(", ", ClientQuotas.ENFORCED_KEYS)
                        + " can be set for clients and users' clients");
            }
        }
        boolean quotas = keys.stream().anyMatch(ClientQuotas::isQuotaKey);
        boolean scram = keys.stream().anyMatch(ClientQuotas::isScramKey);
        if (scram && quotas) {
            throw new ToolException("Cannot alter both quota and SCRAM credential configs simultaneously for users");
        }
        if (scram) {
            if (entityDefault) {
                throw new ToolException("The use of --entity-default is not allowed with User SCRAM Credentials");
            }
            await(admin.alterUserScramCredentials(UserScramConfigs.alterations(entityName, toSet, toDelete)).all());
        } else {
            if (!toDelete.isEmpty()) {
                Map<String, Double> current = await(ClientQuotas.quotasOf(admin, types, names));
                List<String> invalid = toDelete.stream().filter(key -> !current.containsKey(key)).toList();
                if (!invalid.isEmpty()) {
                    throw new ToolException("Invalid config(s): " + String.join(",", invalid));
                }
            }
            ClientQuotaEntity entity = ClientQuotas.entity(types, names);
            await(admin.alterClientQuotas(List.of(ClientQuotas.alteration(entity, toSet, toDelete))).all());
        }
        out.println(entityDefault ? "Completed updating default config for " + entityType + " in the cluster."
            : "Completed updating config for " + entityType.substring(0, entityType.length() - 1) + " " + entityName + ".");
        return ToolRunner.OK;
    }

    private void checkEntityDefault() {
        if (entityType.equals(TOPICS)) {
            throw usage("--entity-default applies to brokers, users and clients only");
        }
        if (types.size() == 1 && names.size() > 1) {
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
