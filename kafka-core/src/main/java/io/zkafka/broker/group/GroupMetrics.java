package io.zkafka.broker.group;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The coordinator's metrics in the broker's registry, under Kafka's bean names where Kafka has them:
 * groups by state and the number of committed offsets
 * ({@code kafka.coordinator.group:type=GroupMetadataManager,name=NumGroups...}, {@code NumOffsets}),
 * and meters of commits, expirations and completed rebalances. The gauges count the groups this
 * broker coordinates when read, taking each group's lock briefly. Thread-safe.
 */
final class GroupMetrics {
    static final String MANAGER = "kafka.coordinator.group:type=GroupMetadataManager,name=";
    static final String COORDINATOR = "kafka.coordinator.group:type=GroupCoordinator,name=";

    private final MetricRegistry registry;
    private final Supplier<Collection<GroupMetadata>> groups;
    private final Meter offsetCommits;
    private final Meter offsetsExpired;
    private final Meter rebalances;
    private final List<String> gaugeNames;

    GroupMetrics(MetricRegistry registry, Supplier<Collection<GroupMetadata>> groups) {
        this.registry = registry;
        this.groups = groups;
        offsetCommits = registry.meter(MANAGER + "OffsetCommits");
        offsetsExpired = registry.meter(MANAGER + "OffsetsExpired");
        rebalances = registry.meter(COORDINATOR + "RebalanceRate");
        gaugeNames = List.of(MANAGER + "NumGroups", MANAGER + "NumOffsets", MANAGER + "NumGroupsPreparingRebalance",
            MANAGER + "NumGroupsCompletingRebalance", MANAGER + "NumGroupsStable", MANAGER + "NumGroupsDead",
            MANAGER + "NumGroupsEmpty");
        register(gaugeNames.get(0), g -> 1);
        register(gaugeNames.get(1), g -> g.offsets.size());
        register(gaugeNames.get(2), inState(GroupState.PREPARING_REBALANCE));
        register(gaugeNames.get(3), inState(GroupState.COMPLETING_REBALANCE));
        register(gaugeNames.get(4), inState(GroupState.STABLE));
        register(gaugeNames.get(5), inState(GroupState.DEAD));
        register(gaugeNames.get(6), inState(GroupState.EMPTY));
    }

    private static ToIntFunction<GroupMetadata> inState(GroupState state) {
        return g -> g.is(state) ? 1 : 0;
    }

    private void register(String name, ToIntFunction<GroupMetadata> countOne) {
        registry.remove(name);
        registry.register(name, (Gauge<Integer>) () -> {
            int total = 0;
            for (GroupMetadata group : groups.get()) {
                synchronized (group.lock) {
                    total += countOne.applyAsInt(group);
                }
            }
            return total;
        });
    }

    void offsetsCommitted(int count) {
        offsetCommits.mark(count);
    }

    void offsetsExpired(int count) {
        if (count > 0) {
            offsetsExpired.mark(count);
        }
    }

    /** A join phase ended with a new generation of members. */
    void rebalanced() {
        rebalances.mark();
    }

    /** Removes the gauges (they read this coordinator's groups); the meters stay with the registry. */
    void close() {
        gaugeNames.forEach(registry::remove);
    }
}
