package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka 3.9's Kafka Streams against the Kafka listener of three brokers: a word count with
 * exactly-once v2 (a transactional producer per thread, offsets committed in its transactions), a
 * repartition topic (which Streams purges with DeleteRecords) and a changelogged in-memory store.
 * Its output, read with read_committed, holds each word's exact count, before and after the leader
 * of an output partition is killed (SIGKILL-like: its sessions and connections just end).
 */
@Timeout(300)
class KafkaStreamsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static ZKafkaCluster cluster;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3)
            .brokerConfig("transaction.state.log.num.partitions", 3)
            .brokerConfig("default.replication.factor", 3).brokerConfig("min.insync.replicas", 2).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anExactlyOnceWordCountCountsEveryWordOnceAcrossALeaderKill() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("lines", 3, (short) 3), new NewTopic("counts", 3, (short) 3)))
                .all().get(30, TimeUnit.SECONDS);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
            .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split(" ")))
            .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
            .count(Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("word-counts"))
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
            .toStream()
            .to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");

        Map<String, Long> expected = new HashMap<>();
        Map<String, Long> counted = new HashMap<>();
        try (KafkaProducer<String, String> lines = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
             KafkaStreams streams = new KafkaStreams(builder.build(), config);
             KafkaConsumer<String, Long> output = new KafkaConsumer<>(Map.of(
                 "bootstrap.servers", cluster.kafkaBootstrapServers(), "group.id", "counts-reader",
                 "isolation.level", "read_committed", "auto.offset.reset", "earliest",
                 "key.deserializer", StringDeserializer.class.getName(),
                 "value.deserializer", LongDeserializer.class.getName()))) {
            streams.start();
            output.subscribe(List.of("counts"));
            produceLines(lines, 0, 300, expected);
            readCountsUntil(output, counted, expected);
            assertEquals(expected, counted, "each word's latest committed count, before the kill");

            int leader = cluster.runningBrokers().get(0).metadata().image()
                .state(new io.zkafka.common.TopicPartition("counts", 0)).orElseThrow().leaderAndIsr().leader();
            cluster.killBroker(leader);
            produceLines(lines, 300, 600, expected);
            readCountsUntil(output, counted, expected);
            assertEquals(expected, counted, "each word's latest committed count, after broker " + leader + " was killed");
        }
    }

    /** Sends lines {@code from} to {@code to} and adds their words to {@code expected}. */
    private static void produceLines(KafkaProducer<String, String> producer, int from, int to,
                                     Map<String, Long> expected) throws Exception {
        for (int i = from; i < to; i++) {
            String line = "alpha beta w" + (i % 17) + " gamma w" + (i % 5);
            for (String word : line.split(" ")) {
                expected.merge(word, 1L, Long::sum);
            }
            producer.send(new ProducerRecord<>("lines", "line-" + i, line));
        }
        producer.flush();
    }

    /** Polls the output until it holds the expected counts or {@link #WAIT} passes. */
    private static void readCountsUntil(KafkaConsumer<String, Long> output, Map<String, Long> counted,
                                        Map<String, Long> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!counted.equals(expected) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, Long> record : output.poll(Duration.ofMillis(200))) {
                counted.put(record.key(), record.value());
            }
        }
    }
}
