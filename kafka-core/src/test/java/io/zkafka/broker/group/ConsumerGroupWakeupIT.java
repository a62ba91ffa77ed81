package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.errors.WakeupException;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code wakeup()} ends a poll blocked in a join: the group waits for a member that stopped polling
 * (it will rejoin only when its session expires, 20 s later), and the joining consumer's poll, given
 * a minute, throws {@link WakeupException} as soon as another thread wakes it.
 */
class ConsumerGroupWakeupIT {

    @Test
    void shouldEndAPollBlockedInAJoinWithWakeupException() throws Exception {
        ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor();
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .brokerConfig("offsets.topic.num.partitions", 3)
                .brokerConfig("group.initial.rebalance.delay.ms", 0)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("wakeup", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", "g-wakeup",
                "session.timeout.ms", "20000", "heartbeat.interval.ms", "200", "max.poll.interval.ms", "60000");
            try (KafkaConsumer<String, String> idle = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer());
                 KafkaConsumer<String, String> joining = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer())) {
                idle.subscribe(List.of("wakeup"));
                TestUtils.waitForCondition(() -> {
                    idle.poll(Duration.ofMillis(100));
                    return idle.assignment().size() == 2;
                }, Duration.ofSeconds(30), "the first member never got its partitions");
                // idle stops polling: the rebalance the second member starts waits for it

                joining.subscribe(List.of("wakeup"));
                waker.schedule(joining::wakeup, 1500, TimeUnit.MILLISECONDS);
                long start = System.nanoTime();
                assertThrows(WakeupException.class, () -> joining.poll(Duration.ofSeconds(60)));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(tookMs >= 1400 && tookMs < 10_000, "poll ended after " + tookMs + " ms");
                assertTrue(joining.assignment().isEmpty(), "the join cannot have completed yet");
            }
        } finally {
            waker.shutdownNow();
        }
    }
}
