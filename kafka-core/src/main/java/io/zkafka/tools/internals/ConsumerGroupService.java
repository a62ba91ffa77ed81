package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.ConsumerGroupDescription;
import io.zkafka.clients.admin.ConsumerGroupListing;
import io.zkafka.clients.admin.ConsumerGroupState;
import io.zkafka.clients.admin.ListConsumerGroupsOptions;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The operations of {@code kafka-consumer-groups.sh} over one admin client: listing, deleting groups and
 * deleting offsets here, describing in {@link ConsumerGroupDescriber}, resetting offsets in
 * {@link OffsetResetter}. Confined to the calling thread.
 */
public final class ConsumerGroupService implements AutoCloseable {

    /** What {@code --describe} shows. */
    public enum View { OFFSETS, MEMBERS, STATE }

    private final Admin admin;
    private final PrintStream out;
    private final PrintStream err;

    public ConsumerGroupService(String bootstrapServer, String commandConfig, long timeoutMs, PrintStream out,
                                PrintStream err) {
        Properties props = new Properties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(Integer.MAX_VALUE,
            timeoutMs)));
        props.putAll(ToolProperties.load(commandConfig, "--command-config"));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        this.admin = Admin.create(props);
        this.out = out;
        this.err = err;
    }

    /** Group ids, one a line; with {@code states} (empty: all) a GROUP / STATE table. */
    public void list(String states) {
        if (states == null) {
            listings(Set.of()).stream().map(ConsumerGroupListing::groupId).sorted().forEach(out::println);
            return;
        }
        Set<ConsumerGroupState> filter = new HashSet<>();
        for (String name : states.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            ConsumerGroupState state = ConsumerGroupState.parse(name.trim());
            if (state == ConsumerGroupState.UNKNOWN) {
                throw new ToolException("Invalid state list '" + states + "'. Valid states are: "
                    + Arrays.stream(ConsumerGroupState.values()).filter(s -> s != ConsumerGroupState.UNKNOWN)
                        .map(ConsumerGroupState::toString).collect(Collectors.joining(", ")));
            }
            filter.add(state);
        }
        List<ConsumerGroupListing> listings = new ArrayList<>(listings(filter));
        listings.sort(Comparator.comparing(ConsumerGroupListing::groupId));
        int width = Math.max(15, listings.stream().mapToInt(l -> l.groupId().length()).max().orElse(0));
        String format = "%-" + width + "s %s%n";
        out.printf(format, "GROUP", "STATE");
        listings.forEach(l -> out.printf(format, l.groupId(), l.state().map(Object::toString).orElse("Unknown")));
    }

    private Collection<ConsumerGroupListing> listings(Set<ConsumerGroupState> states) {
        return await(admin.listConsumerGroups(new ListConsumerGroupsOptions().inStates(states)).all(),
            "listing consumer groups");
    }

    public List<String> allGroupIds() {
        return listings(Set.of()).stream().map(ConsumerGroupListing::groupId).sorted().toList();
    }

    /** Describes each group; 1 when one of them does not exist. */
    public int describe(List<String> groups, View view, boolean verbose) {
        ConsumerGroupDescriber describer = new ConsumerGroupDescriber(admin, out, err);
        int exit = ToolRunner.OK;
        for (String group : groups) {
            ConsumerGroupDescription description = describeOne(group);
            if (description.state() == ConsumerGroupState.DEAD) {
                err.println("Error: Consumer group '" + group + "' does not exist.");
                exit = ToolRunner.FAILED;
                continue;
            }
            switch (view) {
                case OFFSETS -> describer.offsets(description);
                case MEMBERS -> describer.members(description, verbose);
                case STATE -> describer.state(description);
                default -> throw new IllegalStateException("unknown view " + view);
            }
        }
        return exit;
    }

    private ConsumerGroupDescription describeOne(String group) {
        return await(admin.describeConsumerGroups(List.of(group)).all(), "describing group " + group).get(group);
    }

    /** Deletes the groups; 1 when one of them could not be deleted. */
    public int delete(List<String> groups) {
        Map<String, CompletableFuture<Void>> results = admin.deleteConsumerGroups(groups).deletedGroups();
        List<String> deleted = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String group : groups) {
            try {
                results.get(group).get();
                deleted.add(group);
            } catch (ExecutionException e) {
                failed.put(group, reason(ToolRunner.unwrap(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while deleting groups");
            }
        }
        if (failed.isEmpty()) {
            out.println("Deletion of requested consumer groups (" + quoted(deleted) + ") was successful.");
            return ToolRunner.OK;
        }
        err.println("Error: Deletion of some consumer groups failed:");
        failed.forEach((group, why) -> err.println("* Group '" + group + "' could not be deleted due to: " + why));
        if (!deleted.isEmpty()) {
            out.println("\nThese consumer groups were deleted successfully: " + quoted(deleted));
        }
        return ToolRunner.FAILED;
    }

    private static String reason(Throwable cause) {
        if (cause instanceof ApiException api && api.error() == Errors.NON_EMPTY_GROUP) {
            return "the group is not empty: it still has active members (stop its consumers first).";
        }
        if (cause instanceof ApiException api && api.error() == Errors.GROUP_ID_NOT_FOUND) {
            return "the group does not exist.";
        }
        return ToolRunner.messageOf(cause);
    }

    private static String quoted(List<String> groups) {
        return groups.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", "));
    }

    /** Plans (and with {@code execute} commits) new offsets for each inactive group. */
    public int resetOffsets(List<String> groups, List<String> topics, boolean allTopics, OffsetResetSpec spec,
                            boolean execute) {
        new OffsetResetter(admin, out).reset(groups, topics, allTopics, spec, execute);
        return ToolRunner.OK;
    }

    /** Deletes the group's offsets of the topics' partitions, printing Kafka's status table; 1 if one failed. */
    public int deleteOffsets(String group, List<String> topics) {
        List<TopicPartition> partitions = TopicPartitionArgs.resolve(admin, topics);
        Map<TopicPartition, CompletableFuture<Void>> results = new LinkedHashMap<>();
        var deletion = admin.deleteConsumerGroupOffsets(group, Set.copyOf(partitions));
        await(deletion.all().exceptionally(e -> {
            if (ToolRunner.unwrap(e) instanceof ApiException api && api.error() == Errors.GROUP_SUBSCRIBED_TO_TOPIC) {
                return null; // told per partition below
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }), "deleting the offsets of group " + group);
        partitions.forEach(tp -> results.put(tp, deletion.partitionResult(tp)));
        Map<TopicPartition, String> status = new LinkedHashMap<>();
        results.forEach((tp, result) -> {
            try {
                result.get();
                status.put(tp, "Successful");
            } catch (ExecutionException e) {
                status.put(tp, "Error: " + ToolRunner.messageOf(ToolRunner.unwrap(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while deleting offsets");
            }
        });
        boolean failed = status.values().stream().anyMatch(v -> !v.equals("Successful"));
        String names = topics.stream().map(t -> t.contains(":") ? t.substring(0, t.indexOf(':')) : t).distinct()
            .collect(Collectors.joining(","));
        out.println((failed ? "Request failed for deleting partition offsets with topic " : "Request succeed for "
            + "deleting offsets with topic ") + names + " group " + group);
        String format = "%n%-30s %-15s %-15s";
        out.printf(format, "TOPIC", "PARTITION", "STATUS");
        status.forEach((tp, s) -> out.printf(format, tp.topic(), tp.partition(), s));
        out.println();
        return failed ? ToolRunner.FAILED : ToolRunner.OK;
    }

    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = ToolRunner.unwrap(e);
            throw new ToolException(what + " failed: " + ToolRunner.messageOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while " + what);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
