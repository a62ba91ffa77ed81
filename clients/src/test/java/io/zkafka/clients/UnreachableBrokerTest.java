package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.errors.WakeupException;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every client against an address where nothing listens (a real refused connection on
 * 127.0.0.1): calls end within their configured time with an exception naming what failed,
 * never hang. Also the consumer's single-thread rule and wakeup, which need no broker.
 */
class UnreachableBrokerTest {
    private String address;

    @BeforeEach
    void findAClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            address = "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void shouldTimeOutASendAfterMaxBlockMsNamingTheTopicAndTheBroker() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", address,
            "max.block.ms", "300"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            TimeoutException e = assertThrows(TimeoutException.class,
                () -> producer.send(new ProducerRecord<>("orders", "k", "v")));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMs >= 300 && elapsedMs < 5_000, "took " + elapsedMs + " ms");
            assertTrue(e.getMessage().contains("Topic orders not present in metadata after 300 ms"), e.getMessage());
            assertTrue(e.getMessage().contains(address), "names the broker: " + e.getMessage());
        }
    }

    @Test
    void shouldTellTheCallbackWhenSendFailsBeforeQueueing() {
        AtomicReference<Exception> seen = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", address,
            "max.block.ms", "100"), new StringSerializer(), new StringSerializer())) {
            assertThrows(TimeoutException.class,
                () -> producer.send(new ProducerRecord<>("orders", "v"), (metadata, e) -> seen.set(e)));
        }
        assertTrue(seen.get() instanceof TimeoutException);
    }

    @Test
    void shouldTimeOutAPositionLookupNamingThePartition() {
        TopicPartition tp = new TopicPartition("orders", 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(tp));
            TimeoutException e = assertThrows(TimeoutException.class, () -> consumer.position(tp, Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("orders-0"), e.getMessage());
            assertTrue(consumer.poll(Duration.ofMillis(100)).isEmpty());
            TimeoutException offsets = assertThrows(TimeoutException.class,
                () -> consumer.endOffsets(List.of(tp), Duration.ofMillis(200)));
            assertTrue(offsets.getMessage().contains("end offsets"), offsets.getMessage());
        }
    }

    @Test
    void shouldThrowWakeupFromTheNextBlockingCall() throws Exception {
        TopicPartition tp = new TopicPartition("orders", 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(tp));
            consumer.wakeup();
            assertThrows(WakeupException.class, () -> consumer.poll(Duration.ofSeconds(30)));
            CompletableFuture<Throwable> polling = CompletableFuture.supplyAsync(() -> {
                try {
                    consumer.poll(Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            TestUtils.waitForCondition(() -> {
                consumer.wakeup();
                return polling.isDone();
            }, Duration.ofSeconds(10), "the blocked poll wakes up");
            assertTrue(polling.get() instanceof WakeupException, String.valueOf(polling.get()));
        }
    }

    @Test
    void shouldFailFastWhenASecondThreadUsesTheConsumer() throws Exception {
        TopicPartition tp = new TopicPartition("orders", 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(tp));
            CompletableFuture<Throwable> polling = CompletableFuture.supplyAsync(() -> {
                try {
                    consumer.poll(Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            AtomicReference<Throwable> second = new AtomicReference<>();
            TestUtils.waitForCondition(() -> {
                try {
                    consumer.assignment();
                } catch (ConcurrentModificationException e) {
                    second.set(e);
                }
                return second.get() != null || polling.isDone();
            }, Duration.ofSeconds(10), "a second thread is refused");
            assertTrue(second.get() instanceof ConcurrentModificationException, "refused: " + second.get());
            consumer.wakeup();
            assertTrue(polling.get(10, TimeUnit.SECONDS) instanceof WakeupException);
        }
    }

    @Test
    void shouldRefuseToPollWithoutAnAssignment() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> consumer.poll(Duration.ZERO));
            assertTrue(e.getMessage().contains("not subscribed"), e.getMessage());
        }
    }

    @Test
    void shouldTimeOutAnAdminCallNamingItAndTheLastError() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", address, "default.api.timeout.ms", "300"))) {
            CompletableFuture<Void> created = admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all();
            ExecutionException e = assertThrows(ExecutionException.class, () -> created.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof TimeoutException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("createTopics"), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains(address), e.getCause().getMessage());
            ExecutionException listed = assertThrows(ExecutionException.class,
                () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
            assertEquals(TimeoutException.class, listed.getCause().getClass());
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", address, "auto.offset.reset", "earliest",
            "default.api.timeout.ms", "500", "request.timeout.ms", "500"), new StringDeserializer(),
            new StringDeserializer());
    }
}
