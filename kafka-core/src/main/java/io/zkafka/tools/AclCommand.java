package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AccessControlEntryFilter;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourcePatternFilter;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-acls.sh}: adds, removes and lists ACLs through the admin client's
 * {@code createAcls}, {@code deleteAcls} and {@code describeAcls}, with Kafka's flags and output:
 *
 * <pre>
 * Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`:
 *  	(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)
 *
 * Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`:
 *  	(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)
 * </pre>
 *
 * {@code --producer} stands for Write, Describe and Create on the topics (Write and Describe on
 * the transactional id, IdempotentWrite on the cluster with {@code --idempotent}); {@code --consumer}
 * for Read and Describe on the topics and Read on the group. {@code --remove} asks for confirmation
 * on stdin unless {@code --force}. Only {@code --bootstrap-server} is supported (not Kafka's
 * deprecated {@code --authorizer-properties}). Confined to the thread that runs it.
 */
@Command(name = "kafka-acls.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to manage acls on kafka.")
public final class AclCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error while executing ACL command: ",
        context -> new AclCommand(context.in(), context.out())).withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;
    private static final String NEWLINE = System.lineSeparator();

    @Spec
    CommandSpec spec;
    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: server to connect to>", required = true,
        description = "REQUIRED: the server(s) to connect to, host:port,...")
    String bootstrapServer;
    @Option(names = "--command-config", paramLabel = "<String: command-config>",
        description = "A property file containing configs to be passed to Admin Client.")
    String commandConfig;
    @Option(names = "--add", description = "Indicates you are trying to add ACLs.")
    boolean add;
    @Option(names = "--remove", description = "Indicates you are trying to remove ACLs.")
    boolean remove;
    @Option(names = "--list", description = "List ACLs for the specified resource, use --topic <topic> or --group "
        + "<group> or --cluster to specify a resource.")
    boolean list;
    @Option(names = "--topic", paramLabel = "<String: topic>", description = "topic to which ACLs should be added or "
        + "removed. A value of '*' indicates ACL should apply to all topics.")
    List<String> topics = new ArrayList<>();
    @Option(names = "--group", paramLabel = "<String: group>", description = "Consumer Group to which the ACLs should "
        + "be added or removed. A value of '*' indicates the ACLs should apply to all groups.")
    List<String> groups = new ArrayList<>();
    @Option(names = "--cluster", description = "Add/Remove cluster ACLs.")
    boolean cluster;
    @Option(names = "--transactional-id", paramLabel = "<String: transactional-id>", description = "The transactionalId "
        + "to which ACLs should be added or removed. A value of '*' indicates the ACLs should apply to all "
        + "transactionalIds.")
    List<String> transactionalIds = new ArrayList<>();
    @Option(names = "--resource-pattern-type", paramLabel = "<ANY|MATCH|LITERAL|PREFIXED>", defaultValue = "LITERAL",
        description = "The type of the resource pattern or pattern filter. When adding acls, this should be a specific "
            + "pattern type, e.g. 'literal' or 'prefixed'. When listing or removing acls, a specific pattern type can be "
            + "used to list or remove acls from specific resource patterns, or use the filter values of 'any' or "
            + "'match'. (default: LITERAL)")
    String patternTypeText;
    @Option(names = "--allow-principal", paramLabel = "<String: allow-principal>", description = "principal is in "
        + "principalType:name format. Note that principalType must be supported by the Authorizer being used.")
    List<String> allowPrincipals = new ArrayList<>();
    @Option(names = "--deny-principal", paramLabel = "<String: deny-principal>", description = "principal is in "
        + "principalType:name format. By default anyone not added through --allow-principal is denied.")
    List<String> denyPrincipals = new ArrayList<>();
    @Option(names = "--principal", paramLabel = "<String: principal>", description = "List ACLs for the specified "
        + "principal. principal is in principalType:name format. Multiple --principal options can be passed.")
    List<String> listPrincipals = new ArrayList<>();
    @Option(names = "--allow-host", paramLabel = "<String: allow-host>", description = "Host from which principals "
        + "listed in --allow-principal will have access. If you have specified --allow-principal then the default "
        + "for this option will be set to '*' which allows access from all hosts.")
    List<String> allowHosts = new ArrayList<>();
    @Option(names = "--deny-host", paramLabel = "<String: deny-host>", description = "Host from which principals listed "
        + "in --deny-principal will be denied access. If you have specified --deny-principal then the default for "
        + "this option will be set to '*' which denies access from all hosts.")
    List<String> denyHosts = new ArrayList<>();
    @Option(names = "--operation", paramLabel = "<String>", description = "Operation that is being allowed or denied. "
        + "Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, "
        + "ClusterAction, AlterConfigs, Write, All (default: All)")
    List<String> operations = new ArrayList<>();
    @Option(names = "--producer", description = "Convenience option to add/remove ACLs for producer role. This will "
        + "generate ACLs that allows WRITE,DESCRIBE and CREATE on topic.")
    boolean producer;
    @Option(names = "--consumer", description = "Convenience option to add/remove ACLs for consumer role. This will "
        + "generate ACLs that allows READ,DESCRIBE on topic and READ on group.")
    boolean consumer;
    @Option(names = "--idempotent", description = "Enable idempotence for the producer. This should be used in "
        + "combination with the --producer option.")
    boolean idempotent;
    @Option(names = "--force", description = "Assume Yes to all queries and do not prompt.")
    boolean force;
    @Mixin
    VerboseOption verbose;

    private final InputStream in;
    private final PrintStream out;

    private AclCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        int actions = (add ? 1 : 0) + (remove ? 1 : 0) + (list ? 1 : 0);
        if (actions != 1) {
            throw usage("Command must include exactly one action: --list, --add, --remove.");
        }
        if (producer && consumer) {
            throw usage("With --producer or --consumer, exactly one of them.");
        }
        if ((producer || consumer) && !operations.isEmpty()) {
            throw usage("Option --operation cannot be used with --producer or --consumer.");
        }
        if (consumer && groups.isEmpty()) {
            throw usage("With --consumer you must specify a --group");
        }
        if (idempotent && !producer) {
            throw usage("--idempotent is only valid with --producer");
        }
        PatternType patternType = parse(() -> PatternType.parse(patternTypeText));
        if (add && patternType != PatternType.LITERAL && patternType != PatternType.PREFIXED) {
            throw usage("A '--resource-pattern-type' value of '" + patternTypeText + "' is not valid when adding acls.");
        }
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        try (Admin admin = Admin.create(props)) {
            if (add) {
                addAcls(admin, patternType);
            } else if (remove) {
                removeAcls(admin, patternType);
            } else {
                listAcls(admin, patternType);
            }
        }
        return ToolRunner.OK;
    }

    private void addAcls(Admin admin, PatternType patternType) throws Exception {
        Map<ResourcePattern, Set<AccessControlEntry>> wanted = resourceAcls(patternType);
        if (wanted.isEmpty()) {
            throw usage("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.");
        }
        for (Map.Entry<ResourcePattern, Set<AccessControlEntry>> entry : wanted.entrySet()) {
            if (entry.getValue().isEmpty()) {
                throw usage("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.");
            }
            out.println("Adding ACLs for resource `" + entry.getKey() + "`: " + NEWLINE + " " + lines(entry.getValue())
                + " " + NEWLINE);
            List<AclBinding> bindings = entry.getValue().stream().map(e -> new AclBinding(entry.getKey(), e)).toList();
            admin.createAcls(bindings).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        listAcls(admin, patternType);
    }

    private void removeAcls(Admin admin, PatternType patternType) throws Exception {
        Map<ResourcePatternFilter, Set<AccessControlEntryFilter>> wanted = new LinkedHashMap<>();
        for (ResourcePatternFilter resource : resourceFilters(patternType)) {
            Set<AccessControlEntryFilter> entries = new LinkedHashSet<>();
            for (AccessControlEntry entry : entries(resource.resourceType())) {
                entries.add(new AccessControlEntryFilter(entry.principal(), entry.host(), entry.operation(),
                    entry.permissionType()));
            }
            wanted.put(resource, entries);
        }
        if (wanted.isEmpty()) {
            throw usage("You must specify one of: --topic, --cluster, --group, --transactional-id when trying to remove "
                + "ACLs.");
        }
        for (Map.Entry<ResourcePatternFilter, Set<AccessControlEntryFilter>> entry : wanted.entrySet()) {
            ResourcePatternFilter resource = entry.getKey();
            boolean all = entry.getValue().isEmpty();
            String question = all
                ? "Are you sure you want to delete all ACLs for resource filter `" + filterText(resource) + "`? (y/n)"
                : "Are you sure you want to remove ACLs: " + NEWLINE + " " + filterLines(entry.getValue()) + " "
                    + NEWLINE + " from resource filter `" + filterText(resource) + "`? (y/n)";
            if (!confirmed(question)) {
                continue;
            }
            List<AclBindingFilter> filters = all ? List.of(new AclBindingFilter(resource, AccessControlEntryFilter.ANY))
                : entry.getValue().stream().map(e -> new AclBindingFilter(resource, e)).toList();
            admin.deleteAcls(filters).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        listAcls(admin, patternType);
    }

    private void listAcls(Admin admin, PatternType patternType) throws Exception {
        List<ResourcePatternFilter> filters = resourceFilters(patternType);
        Set<String> principals = new LinkedHashSet<>(listPrincipals);
        List<AclBindingFilter> queries = new ArrayList<>();
        if (filters.isEmpty()) {
            filters = List.of(ResourcePatternFilter.ANY);
        }
        for (ResourcePatternFilter filter : filters) {
            queries.add(new AclBindingFilter(filter, AccessControlEntryFilter.ANY));
        }
        Map<ResourcePattern, List<AccessControlEntry>> byResource = new TreeMap<>(
            Comparator.comparing((ResourcePattern p) -> p.resourceType().name()).thenComparing(ResourcePattern::name)
                .thenComparing(p -> p.patternType().name()));
        for (AclBindingFilter query : queries) {
            Collection<AclBinding> found = admin.describeAcls(query).values().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (AclBinding binding : found) {
                if (principals.isEmpty() || principals.contains(binding.entry().principal())) {
                    List<AccessControlEntry> entries = byResource.computeIfAbsent(binding.pattern(), p -> new ArrayList<>());
                    if (!entries.contains(binding.entry())) {
                        entries.add(binding.entry());
                    }
                }
            }
        }
        if (principals.isEmpty()) {
            byResource.forEach((pattern, entries) -> out.println("Current ACLs for resource `" + pattern + "`: "
                + NEWLINE + " " + lines(entries) + " " + NEWLINE));
        } else {
            for (String principal : principals) {
                out.println("ACLs for principal `" + principal + "`");
                byResource.forEach((pattern, entries) -> {
                    List<AccessControlEntry> own = entries.stream().filter(e -> e.principal().equals(principal)).toList();
                    if (!own.isEmpty()) {
                        out.println("Current ACLs for resource `" + pattern + "`: " + NEWLINE + " " + lines(own) + " "
                            + NEWLINE);
                    }
                });
            }
        }
    }

    /** The resources named, each with the entries the flags give it (none: no principal was named). */
    private Map<ResourcePattern, Set<AccessControlEntry>> resourceAcls(PatternType patternType) {
        Map<ResourcePattern, Set<AccessControlEntry>> out = new LinkedHashMap<>();
        if (producer) {
            for (String topic : topics) {
                out.put(new ResourcePattern(ResourceType.TOPIC, topic, patternType),
                    entries(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE));
            }
            for (String id : transactionalIds) {
                out.put(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, id, patternType),
                    entries(AclOperation.WRITE, AclOperation.DESCRIBE));
            }
            if (idempotent) {
                out.put(new ResourcePattern(ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, PatternType.LITERAL),
                    entries(AclOperation.IDEMPOTENT_WRITE));
            }
            return out;
        }
        if (consumer) {
            for (String topic : topics) {
                out.put(new ResourcePattern(ResourceType.TOPIC, topic, patternType),
                    entries(AclOperation.READ, AclOperation.DESCRIBE));
            }
            for (String group : groups) {
                out.put(new ResourcePattern(ResourceType.GROUP, group, patternType), entries(AclOperation.READ));
            }
            return out;
        }
        for (ResourcePatternFilter filter : resourceFilters(patternType)) {
            ResourcePattern pattern = new ResourcePattern(filter.resourceType(), filter.name(), patternType);
            out.put(pattern, new LinkedHashSet<>(entries(filter.resourceType())));
        }
        return out;
    }

    private List<ResourcePatternFilter> resourceFilters(PatternType patternType) {
        List<ResourcePatternFilter> out = new ArrayList<>();
        topics.forEach(t -> out.add(new ResourcePatternFilter(ResourceType.TOPIC, t, patternType)));
        groups.forEach(g -> out.add(new ResourcePatternFilter(ResourceType.GROUP, g, patternType)));
        transactionalIds.forEach(id -> out.add(new ResourcePatternFilter(ResourceType.TRANSACTIONAL_ID, id, patternType)));
        if (cluster) {
            out.add(new ResourcePatternFilter(ResourceType.CLUSTER, ResourceType.CLUSTER_NAME,
                patternType == PatternType.PREFIXED ? PatternType.LITERAL : patternType));
        }
        return out;
    }

    private Set<AccessControlEntry> entries(AclOperation... ops) {
        Set<AccessControlEntry> out = new LinkedHashSet<>();
        addEntries(out, allowPrincipals, allowHosts, AclPermissionType.ALLOW, List.of(ops));
        addEntries(out, denyPrincipals, denyHosts, AclPermissionType.DENY, List.of(ops));
        return out;
    }

    /** The entries --operation, the principals and hosts give for a resource of {@code type}. */
    private List<AccessControlEntry> entries(ResourceType type) {
        List<AclOperation> ops = new ArrayList<>();
        if (operations.isEmpty()) {
            ops.add(AclOperation.ALL);
        }
        for (String text : operations) {
            AclOperation op = parse(() -> AclOperation.parse(text));
            if (op == AclOperation.ANY) {
                throw usage("ResourceType " + type + " only supports operations: specific operations or All");
            }
            ops.add(op);
        }
        Set<AccessControlEntry> out = new LinkedHashSet<>();
        addEntries(out, allowPrincipals, allowHosts, AclPermissionType.ALLOW, ops);
        addEntries(out, denyPrincipals, denyHosts, AclPermissionType.DENY, ops);
        return new ArrayList<>(out);
    }

    private void addEntries(Set<AccessControlEntry> out, List<String> principals, List<String> hosts,
                            AclPermissionType permission, List<AclOperation> ops) {
        List<String> effectiveHosts = hosts.isEmpty() ? List.of(AccessControlEntry.WILDCARD_HOST) : hosts;
        for (String principal : principals) {
            if (principal.indexOf(':') <= 0) {
                throw usage("Principal '" + principal + "' is not in principalType:name format, e.g. User:alice");
            }
            for (String host : effectiveHosts) {
                for (AclOperation op : ops) {
                    out.add(new AccessControlEntry(principal, host, op, permission));
                }
            }
        }
    }

    private boolean confirmed(String question) throws Exception {
        if (force) {
            return true;
        }
        out.println(question);
        String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }

    private static String lines(Collection<AccessControlEntry> entries) {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add("\t" + e));
        return String.join(NEWLINE, lines);
    }

    private static String filterLines(Collection<AccessControlEntryFilter> entries) {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add("\t(principal=" + e.principal() + ", host=" + e.host() + ", operation="
            + e.operation() + ", permissionType=" + e.permissionType() + ")"));
        return String.join(NEWLINE, lines);
    }

    private static String filterText(ResourcePatternFilter filter) {
        return "ResourcePattern(resourceType=" + filter.resourceType() + ", name=" + filter.name() + ", patternType="
            + filter.patternType() + ")";
    }

    private <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
