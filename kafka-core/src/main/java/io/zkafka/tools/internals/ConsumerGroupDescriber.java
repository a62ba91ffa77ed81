package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupDescription;
import io.zkafka.clients.admin.ConsumerGroupState;
import io.zkafka.clients.admin.MemberDescription;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The three {@code --describe} views of {@code kafka-consumer-groups.sh}, in Kafka's columns, each
 * table preceded by an empty line:
 *
 * <pre>
 * GROUP  TOPIC  PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST  CLIENT-ID    (offsets)
 * GROUP  CONSUMER-ID  HOST  CLIENT-ID  #PARTITIONS  [ASSIGNMENT]                                (--members [--verbose])
 * GROUP  COORDINATOR (ID)  ASSIGNMENT-STRATEGY  STATE  #MEMBERS                                  (--state)
 * </pre>
 *
 * A partition without a committed offset shows {@code -} as current offset and lag; one nobody
 * is assigned shows {@code -} as consumer, host and client. Confined to the calling thread.
 */
final class ConsumerGroupDescriber {
    private static final String NONE = "-";
    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** One row of the offsets view. */
    private record OffsetRow(String topic, String partition, String current, String logEnd, String lag,
                             String consumerId, String host, String clientId) {
    }

    private final Admin admin;
    private final PrintStream out;
    private final PrintStream err;

    ConsumerGroupDescriber(Admin admin, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.out = out;
        this.err = err;
    }

    /** Warns when the group is empty or rebalancing, as Kafka's tool does. */
    private void warnState(ConsumerGroupDescription group) {
        ConsumerGroupState state = group.state();
        if (state == ConsumerGroupState.EMPTY) {
            err.println("\nConsumer group '" + group.groupId() + "' has no active members.");
        } else if (state == ConsumerGroupState.PREPARING_REBALANCE || state == ConsumerGroupState.COMPLETING_REBALANCE) {
            err.println("\nWarning: Consumer group '" + group.groupId() + "' is rebalancing.");
        }
    }

    void offsets(ConsumerGroupDescription group) {
        warnState(group);
        Map<TopicPartition, OffsetAndMetadata> committed = ConsumerGroupService.await(admin.listConsumerGroupOffsets(
            group.groupId()).partitionsToOffsetAndMetadata(), "listing the offsets of group " + group.groupId());
        Map<TopicPartition, MemberDescription> owners = new TreeMap<>(BY_TOPIC_PARTITION);
        List<MemberDescription> idle = new ArrayList<>();
        for (MemberDescription member : group.members()) {
            member.assignment().topicPartitions().forEach(tp -> owners.put(tp, member));
            if (member.assignment().topicPartitions().isEmpty()) {
                idle.add(member);
            }
        }
        Set<TopicPartition> partitions = new HashSet<>(owners.keySet());
        partitions.addAll(committed.keySet());
        Map<TopicPartition, Long> logEnd = logEndOffsets(partitions);
        List<OffsetRow> rows = new ArrayList<>();
        for (TopicPartition tp : partitions.stream().sorted(BY_TOPIC_PARTITION).toList()) {
            OffsetAndMetadata offset = committed.get(tp);
            Long end = logEnd.get(tp);
            String lag = offset == null || end == null ? NONE : String.valueOf(Math.max(0, end - offset.offset()));
            MemberDescription owner = owners.get(tp);
            rows.add(new OffsetRow(tp.topic(), String.valueOf(tp.partition()),
                offset == null ? NONE : String.valueOf(offset.offset()), end == null ? NONE : String.valueOf(end), lag,
                owner == null ? NONE : owner.consumerId(), owner == null ? NONE : owner.host(),
                owner == null ? NONE : owner.clientId()));
        }
        for (MemberDescription member : idle) {
            rows.add(new OffsetRow(NONE, NONE, NONE, NONE, NONE, member.consumerId(), member.host(), member.clientId()));
        }
        if (rows.isEmpty()) {
            return;
        }
        int groupWidth = Math.max(15, group.groupId().length());
        int topicWidth = width(rows.stream().map(OffsetRow::topic).toList());
        int consumerWidth = width(rows.stream().map(OffsetRow::consumerId).toList());
        int hostWidth = width(rows.stream().map(OffsetRow::host).toList());
        String format = "%n%-" + groupWidth + "s %-" + topicWidth + "s %-10s %-15s %-15s %-15s %-" + consumerWidth
            + "s %-" + hostWidth + "s %s";
        out.printf(format, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
            "HOST", "CLIENT-ID");
        for (OffsetRow r : rows) {
            out.printf(format, group.groupId(), r.topic, r.partition, r.current, r.logEnd, r.lag, r.consumerId, r.host,
                r.clientId);
        }
        out.println();
    }

    /** Log end offsets of the partitions; a partition whose topic is gone shows none. */
    private Map<TopicPartition, Long> logEndOffsets(Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Set<String> existing;
        try {
            existing = ConsumerGroupService.await(admin.listTopics().names(), "listing topics");
        } catch (ToolException e) {
            existing = Set.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (existing.contains(tp.topic())) {
                request.put(tp, OffsetSpec.latest());
            }
        }
        if (!request.isEmpty()) {
            ConsumerGroupService.await(admin.listOffsets(request).all(), "listing log end offsets")
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        }
        return ends;
    }

    void members(ConsumerGroupDescription group, boolean verbose) {
        warnState(group);
        List<MemberDescription> members = group.members().stream()
            .sorted(Comparator.comparing(MemberDescription::consumerId)).toList();
        if (members.isEmpty()) {
            return;
        }
        boolean instances = members.stream().anyMatch(m -> m.groupInstanceId().isPresent());
        int groupWidth = Math.max(15, group.groupId().length());
        String format = "%n%-" + groupWidth + "s %-" + width(members.stream().map(MemberDescription::consumerId)
            .toList()) + "s " + (instances ? "%-" + width(members.stream().map(m -> m.groupInstanceId().orElse(NONE))
            .toList()) + "s " : "%s") + "%-" + width(members.stream().map(MemberDescription::host).toList()) + "s %-"
            + width(members.stream().map(MemberDescription::clientId).toList()) + "s %-12s" + (verbose ? " %s" : "%s");
        out.printf(format, "GROUP", "CONSUMER-ID", instances ? "GROUP-INSTANCE-ID" : "", "HOST", "CLIENT-ID",
            "#PARTITIONS", verbose ? "ASSIGNMENT" : "");
        for (MemberDescription m : members) {
            Set<TopicPartition> assigned = m.assignment().topicPartitions();
            out.printf(format, group.groupId(), m.consumerId(), instances ? m.groupInstanceId().orElse(NONE) : "",
                m.host(), m.clientId(), assigned.size(), verbose ? assignment(assigned) : "");
        }
        out.println();
    }

    /** {@code topic(0,1),other(2)}, or {@code -} when nothing is assigned. */
    private static String assignment(Set<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return NONE;
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        assigned.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return byTopic.entrySet().stream().map(e -> e.getKey() + "(" + e.getValue().stream().sorted()
            .map(String::valueOf).collect(Collectors.joining(",")) + ")").collect(Collectors.joining(","));
    }

    void state(ConsumerGroupDescription group) {
        Node node = group.coordinator();
        String coordinator = node == null ? NONE : node.host() + ":" + node.port() + "  (" + node.id() + ")";
        String format = "%n%-" + Math.max(15, group.groupId().length()) + "s %-" + Math.max(25, coordinator.length())
            + "s %-20s %-20s %s";
        out.printf(format, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS");
        out.printf(format, group.groupId(), coordinator, group.partitionAssignor(), group.state(),
            group.members().size());
        out.println();
    }

    private static int width(List<String> values) {
        return Math.max(15, values.stream().mapToInt(String::length).max().orElse(0));
    }
}
