package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TransactionsIT.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.group.OffsetsTopic;
import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.KafkaException;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consume-transform-produce loop (read_committed consumer in a group, transactional producer,
 * {@code sendOffsetsToTransaction}) while each of the three brokers is killed and restarted under it:
 * the output, read with read_committed, holds each input record exactly once. Each broker stays down
 * until the others lead every partition it led (the coordinators' included), and the loop goes on
 * without it before it returns. The loop itself also dies now and then with its output flushed and the
 * transaction open, so the log holds aborted output that read_committed must skip. After any failure the
 * loop throws both clients away, as an application following Kafka's advice does: the new producer's
 * {@code initTransactions} fences and aborts what the old one left open, and the new consumer starts
 * from the offsets committed with the last committed transaction (waiting for a pending one).
 */
@Timeout(180)
class ExactlyOnceTransformIT {
    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceTransformIT.class);
    private static final int RECORDS = 600;
    /** Every so many transactions the loop dies with its output written and the transaction open. */
    private static final int CRASH_EVERY = 20;
    private static final List<TopicPartition> INPUT = TransactionsIT.partitions("input", 3);

    @Test
    void shouldWriteEachInputExactlyOnceWhileBrokersAreKilled() throws Exception {
        try (ZKafkaCluster cluster = TransactionsIT.cluster(3).brokerConfig("min.insync.replicas", 2).build()) {
            TransactionsIT.createTopic(cluster, "input", 3, 3);
            TransactionsIT.createTopic(cluster, "output", 3, 3);
            try (KafkaProducer<String, String> source = new KafkaProducer<>(Map.of("bootstrap.servers",
                    cluster.bootstrapServers(), "linger.ms", 5), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    source.send(new ProducerRecord<>("input", i % 3, "k" + i, String.valueOf(i)));
                }
                source.flush();
            }
            Transformer transformer = new Transformer(cluster.bootstrapServers());
            List<Integer> killedAt = new ArrayList<>();
            CompletableFuture<Void> loop = CompletableFuture.runAsync(transformer);
            try {
                int target = 0;
                for (int victim = 1; victim <= 3; victim++) {
                    int progressBeforeKill = target += RECORDS / 8;
                    TestUtils.waitForCondition(() -> transformer.processed.get() >= progressBeforeKill || loop.isDone(),
                        WAIT, () -> "the loop to process " + progressBeforeKill + " records");
                    killedAt.add(transformer.processed.get());
                    cluster.killBroker(victim);
                    TestUtils.waitForCondition(() -> everyPartitionLedByARunningBroker(cluster), WAIT,
                        () -> "new leaders for the partitions the killed broker led");
                    int progressWithoutIt = target += RECORDS / 8;
                    TestUtils.waitForCondition(() -> transformer.processed.get() >= progressWithoutIt || loop.isDone(),
                        WAIT, () -> "the loop to go on without a broker, " + transformer.processed.get() + " processed");
                    cluster.startBroker(victim);
                }
                loop.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                transformer.stop.set(true);
            }
            log.info("The loop processed {} records with {} restarts of its clients ({} simulated crashes); brokers "
                + "killed after {}", transformer.processed.get(), transformer.restarts.get(), transformer.crashes.get(),
                killedAt);
            assertTrue(killedAt.stream().allMatch(n -> n < RECORDS), "every kill hit the running loop: " + killedAt);

            try (KafkaConsumer<String, String> reader = TransactionsIT.consumer(cluster, "read_committed")) {
                List<String> output = TransactionsIT.readToLogEnd(cluster, reader, TransactionsIT.partitions("output", 3));
                Set<String> expected = new TreeSet<>();
                for (int i = 0; i < RECORDS; i++) {
                    expected.add("out-" + i);
                }
                assertEquals(expected, new TreeSet<>(output), "every input transformed");
                assertEquals(RECORDS, output.size(), "and each exactly once");
            }
            try (KafkaConsumer<String, String> reader = TransactionsIT.consumer(cluster, "read_uncommitted")) {
                int written = TransactionsIT.readToLogEnd(cluster, reader, TransactionsIT.partitions("output", 3)).size();
                assertTrue(transformer.crashes.get() > 0 && written > RECORDS,
                    "the crashed transactions' output is in the log (" + written + " records) and was skipped");
            }
            assertTrue(transformer.processed.get() >= RECORDS);
        }
    }

    /** Whether the running brokers lead every partition of the topics the loop uses, internal ones included. */
    private static boolean everyPartitionLedByARunningBroker(ZKafkaCluster cluster) {
        for (String topic : List.of("input", "output", TransactionStateTopic.NAME, OffsetsTopic.NAME)) {
            for (TopicPartition tp : TransactionsIT.partitions(topic, 3)) {
                if (cluster.runningBrokers().stream().noneMatch(b -> b.replicaManager().partition(tp)
                        .map(Partition::isLeader).orElse(false))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The application: transforms input into output, one transaction per poll, until all input is done. */
    private static final class Transformer implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger processed = new AtomicInteger();
        final AtomicInteger restarts = new AtomicInteger();
        final AtomicInteger crashes = new AtomicInteger();
        private final AtomicInteger transactions = new AtomicInteger();
        private final String bootstrap;
        private Map<TopicPartition, Long> inputEnds;

        Transformer(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (KafkaConsumer<String, String> consumer = consumer();
                     KafkaProducer<String, String> producer = producer()) {
                    if (transformUntilDone(consumer, producer)) {
                        return;
                    }
                } catch (KafkaException e) {
                    restarts.incrementAndGet();
                    log.info("The loop starts over with new clients after: {}", e.toString());
                }
            }
        }

        /** True once every input record is transformed and committed. */
        private boolean transformUntilDone(KafkaConsumer<String, String> consumer,
                                           KafkaProducer<String, String> producer) {
            producer.initTransactions();
            consumer.subscribe(List.of("input"));
            if (inputEnds == null) {
                inputEnds = consumer.endOffsets(INPUT);
            }
            while (!stop.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    if (consumer.assignment().containsAll(INPUT)
                            && INPUT.stream().allMatch(tp -> consumer.position(tp) >= inputEnds.get(tp))) {
                        return true;
                    }
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    producer.send(new ProducerRecord<>("output", record.partition(), record.key(), "out-" + record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                }
                if (transactions.incrementAndGet() % CRASH_EVERY == 0) {
                    producer.flush(); // the output is in the log, the transaction open: then the process "dies"
                    crashes.incrementAndGet();
                    throw new KafkaException("simulated crash in the middle of transaction " + transactions.get());
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                processed.addAndGet(records.count());
            }
            return false;
        }

        private KafkaConsumer<String, String> consumer() {
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", bootstrap);
            config.put("group.id", "transformer");
            config.put("isolation.level", "read_committed");
            config.put("enable.auto.commit", false);
            config.put("auto.offset.reset", "earliest");
            config.put("max.poll.records", 10);
            config.put("session.timeout.ms", 6_000);
            config.put("heartbeat.interval.ms", 1_000);
            config.put("max.poll.interval.ms", 15_000);
            config.put("default.api.timeout.ms", 20_000);
            return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        }

        private KafkaProducer<String, String> producer() {
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", bootstrap);
            config.put("transactional.id", "transformer");
            config.put("linger.ms", 5);
            config.put("max.block.ms", 20_000);
            config.put("request.timeout.ms", 5_000);
            config.put("delivery.timeout.ms", 20_000);
            return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
    }
}
