package io.zkafka.tools.internals;

import io.zkafka.clients.consumer.Consumer;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Finds a topic's partitions for the consuming tools, which assign them all (groups come later). Stateless. */
public final class Partitions {
    private static final long RETRY_MS = 100;

    private Partitions() {
    }

    /**
     * All partitions of {@code topic}, in partition order, waiting up to {@code timeoutMs} for a topic
     * that is being created (or auto-created by the lookup itself).
     *
     * @throws ToolException if the topic has no partitions by then
     */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long remaining = Math.max(1, deadline - System.currentTimeMillis());
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(remaining));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            }
            if (System.currentTimeMillis() + RETRY_MS > deadline) {
                throw new ToolException("Topic '" + topic + "' does not exist (no partitions found within "
                    + timeoutMs + " ms)");
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException("Interrupted while looking up topic '" + topic + "'", e);
            }
        }
    }
}
