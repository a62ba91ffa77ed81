package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.common.errors.RetriableException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A subscription by pattern: the topics whose whole name matches it, internal topics excluded
 * (Kafka's {@code exclude.internal.topics} default), re-evaluated each time metadata (asked for
 * every topic) has been refreshed, at the latest every {@code metadata.max.age.ms}.
 *
 * <p>Confined to the application thread.
 */
final class PatternSubscription {
    /** Topics the brokers keep for themselves. */
    static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets", "__transaction_state");

    private final Pattern pattern;
    private int evaluatedVersion = -1;

    PatternSubscription(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Starts a due metadata refresh without waiting, except before the first evaluation, which waits
     * (up to the deadline) for a snapshot of every topic.
     *
     * @return the matching topics when metadata changed since the last evaluation
     */
    Optional<Set<String>> evaluate(Metadata metadata, CoordinatorChannel channel, long deadlineMs) {
        long now = System.currentTimeMillis();
        if (evaluatedVersion < 0) {
            metadata.requestUpdate();
            try {
                channel.await(metadata.refresh(), deadlineMs, "refresh metadata for pattern " + pattern);
            } catch (RetriableException e) {
                return Optional.empty();
            }
        } else if (metadata.updateDue(now)) {
            metadata.refresh();
        }
        int version = metadata.version();
        if (version == evaluatedVersion) {
            return Optional.empty();
        }
        evaluatedVersion = version;
        return Optional.of(matching(metadata.fetch()));
    }

    Set<String> matching(Cluster cluster) {
        Set<String> topics = new TreeSet<>();
        for (String topic : cluster.topics()) {
            if (!INTERNAL_TOPICS.contains(topic) && pattern.matcher(topic).matches()) {
                topics.add(topic);
            }
        }
        return Set.copyOf(topics);
    }
}
