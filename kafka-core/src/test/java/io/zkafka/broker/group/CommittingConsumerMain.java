package io.zkafka.broker.group;

import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group member for a child JVM ({@link KilledMemberIT}): subscribes, and after each poll commits
 * synchronously, then reports on stdout, one line each: {@code ASSIGNED topic-p,...} when its
 * assignment changes and {@code COMMITTED topic-p=offset} for each committed position. It runs
 * until killed, or for at most its time limit.
 *
 * <p>Arguments: bootstrap servers, group id, topic, session timeout ms, time limit ms, and optionally
 * a {@code group.instance.id} (a static member).
 */
public final class CommittingConsumerMain {
    private CommittingConsumerMain() {
    }

    public static void main(String[] args) {
        long deadline = System.currentTimeMillis() + Long.parseLong(args[4]);
        Map<String, Object> config = new java.util.HashMap<>(Map.of("bootstrap.servers", args[0],
            "group.id", args[1], "auto.offset.reset", "earliest", "enable.auto.commit", "false",
            "session.timeout.ms", args[3], "heartbeat.interval.ms", "200", "max.poll.records", "5"));
        if (args.length > 5) {
            config.put("group.instance.id", args[5]);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(args[2]));
            Set<TopicPartition> reported = Set.of();
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(100));
                Set<TopicPartition> assignment = consumer.assignment();
                if (!assignment.equals(reported)) {
                    reported = Set.copyOf(assignment);
                    Set<String> names = new TreeSet<>();
                    assignment.forEach(tp -> names.add(tp.toString()));
                    System.out.println("ASSIGNED " + String.join(",", names));
                }
                Map<TopicPartition, OffsetAndMetadata> positions = new java.util.HashMap<>();
                assignment.forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
                try {
                    consumer.commitSync(positions);
                    positions.forEach((tp, o) -> System.out.println("COMMITTED " + tp + "=" + o.offset()));
                } catch (CommitFailedException e) {
                    System.out.println("COMMIT-FAILED " + e.getMessage());
                }
                System.out.flush();
            }
        }
    }
}
