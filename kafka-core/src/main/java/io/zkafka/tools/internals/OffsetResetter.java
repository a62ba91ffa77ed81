package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupDescription;
import io.zkafka.clients.admin.ConsumerGroupState;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --reset-offsets}: for each inactive group, looks up what {@link OffsetResetPlanner} needs
 * (log start and end, committed offsets, offsets for a time), prints the plan as Kafka does
 *
 * <pre>
 * GROUP                          TOPIC                          PARTITION  NEW-OFFSET
 * billing                        orders                         0          42
 * </pre>
 *
 * and with {@code execute} commits it first. Confined to the calling thread.
 */
final class OffsetResetter {
    private final Admin admin;
    private final PrintStream out;

    OffsetResetter(Admin admin, PrintStream out) {
        this.admin = admin;
        this.out = out;
    }

    void reset(List<String> groups, List<String> topics, boolean allTopics, OffsetResetSpec spec, boolean execute) {
        for (String group : groups) {
            ConsumerGroupDescription description = ConsumerGroupService.await(admin.describeConsumerGroups(
                List.of(group)).all(), "describing group " + group).get(group);
            if (description.state() != ConsumerGroupState.EMPTY && description.state() != ConsumerGroupState.DEAD) {
                throw new ToolException("Assignments can only be reset if the group '" + group
                    + "' is inactive, but the current state is " + description.state() + ".");
            }
            Map<TopicPartition, Long> committed = committed(group);
            List<TopicPartition> partitions = allTopics ? List.copyOf(committed.keySet())
                : TopicPartitionArgs.resolve(admin, topics);
            Map<TopicPartition, Long> timestamps = spec.kind() == OffsetResetSpec.Kind.TIMESTAMP
                ? offsets(partitions, OffsetSpec.forTimestamp(spec.value())) : Map.of();
            Map<TopicPartition, Long> planned = OffsetResetPlanner.plan(spec, partitions,
                new OffsetResetPlanner.PartitionOffsets(offsets(partitions, OffsetSpec.earliest()),
                    offsets(partitions, OffsetSpec.latest()), committed, timestamps));
            if (execute) {
                Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
                planned.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
                ConsumerGroupService.await(admin.alterConsumerGroupOffsets(group, commits).all(),
                    "committing the new offsets of group " + group);
            }
            String format = "%n%-30s %-30s %-10s %-15s";
            out.printf(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
            planned.forEach((tp, offset) -> out.printf(format, group, tp.topic(), tp.partition(), offset));
            out.println();
        }
    }

    private Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> found = ConsumerGroupService.await(admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata(), "listing the offsets of group " + group);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((tp, o) -> offsets.put(tp, o.offset()));
        return offsets;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ConsumerGroupService.await(admin.listOffsets(request).all(), "listing the " + spec + " offsets")
            .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
