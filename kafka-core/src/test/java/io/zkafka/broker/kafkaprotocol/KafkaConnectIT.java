package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.kafkaprotocol.connect.CollectingSinkConnector;
import io.zkafka.broker.kafkaprotocol.connect.CountingSourceConnector;
import io.zkafka.common.TopicPartition;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Apache Kafka 3.9's Kafka Connect, a distributed worker in this JVM, against the Kafka listener of
 * three brokers. Its config, offset and status topics are created on ZKafka (compacted), its workers
 * meet in a group of Connect's own protocol, and an exactly-once source connector (a transaction per
 * poll) and a sink connector run there. The source's records are each committed exactly once, read
 * with read_committed, across a killed leader and a restart of the worker, whose task takes a newer
 * producer epoch than the stopped worker's; the sink receives every one.
 */
@Timeout(300)
class KafkaConnectIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String TOPIC = "counted";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        // a worker that cannot start would end the JVM; here it fails the test instead
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Connect asked to exit with " + status + ": " + message);
        });
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3)
            .brokerConfig("transaction.state.log.num.partitions", 3)
            .brokerConfig("default.replication.factor", 3).brokerConfig("min.insync.replicas", 2).build();
    }

    @AfterAll
    static void stop() throws Exception {
        Exit.resetExitProcedure();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anExactlyOnceSourceAndASinkRunAcrossALeaderKillAndAWorkerRestart() throws Exception {
        CollectingSinkConnector.RECEIVED.clear();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);

            Connect<?> worker = startWorker();
            int killed;
            short epochBefore;
            try {
                URI rest = worker.rest().serverUrl();
                putConnector(rest, "counter", sourceConfig(1000, 50, 0));
                putConnector(rest, "collector", Map.of("connector.class", CollectingSinkConnector.class.getName(),
                    "tasks.max", "2", "topics", TOPIC));
                awaitRunning(rest, "counter");
                awaitRunning(rest, "collector");
                awaitReceived(1000, "");
                assertEquals(counts(1000), committedValues(), "each record committed once");
                for (String internal : List.of("zkafka-connect-configs", "zkafka-connect-offsets", "zkafka-connect-status")) {
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, internal);
                    Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                    assertEquals("compact", config.get("cleanup.policy").value(), internal + "'s cleanup policy");
                }

                // a thousand more, 20 a transaction every 20 ms; the leader of partition 0 dies among them
                putConnector(rest, "counter", sourceConfig(2000, 20, 20));
                awaitReceived(1100, "");
                killed = leaderOf(0);
                cluster.killBroker(killed);
                awaitReceived(2000, " after broker " + killed + " was killed");
                assertEquals(counts(2000), committedValues(), "each record committed once, across the kill");
                epochBefore = sourceTaskEpoch(admin);
            } finally {
                worker.stop();
                worker.awaitStop();
            }

            // a new worker goes on from the offsets the last one committed, and fences its producers
            cluster.restartBroker(killed);
            worker = startWorker();
            try {
                URI rest = worker.rest().serverUrl();
                putConnector(rest, "counter", sourceConfig(3000, 50, 0));
                awaitRunning(rest, "counter");
                awaitReceived(3000, " from a new worker");
                assertEquals(counts(3000), committedValues(), "each record committed once, across the worker's restart");
                short epochAfter = sourceTaskEpoch(admin);
                assertTrue(epochAfter > epochBefore, "the new worker's task fences the stopped one's producer: epoch "
                    + epochBefore + ", then " + epochAfter);
            } finally {
                worker.stop();
                worker.awaitStop();
            }
        }
    }

    /** The producer epoch of the source task's transactional id, which each fencing and each new producer bump. */
    private static short sourceTaskEpoch(Admin admin) throws Exception {
        String id = "zkafka-connect-counter-0";
        return (short) admin.describeTransactions(List.of(id)).description(id).get(30, TimeUnit.SECONDS).producerEpoch();
    }

    private static int leaderOf(int partition) {
        return cluster.runningBrokers().get(0).metadata().image()
            .state(new TopicPartition(TOPIC, partition)).orElseThrow().leaderAndIsr().leader();
    }

    private static void awaitReceived(int count, String when) {
        Set<String> expected = values(count);
        TestUtils.waitForCondition(() -> CollectingSinkConnector.RECEIVED.containsAll(expected), WAIT,
            "the sink to receive " + count + " records" + when);
    }

    private static Connect<?> startWorker() {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        config.put("group.id", "zkafka-connect");
        config.put("config.storage.topic", "zkafka-connect-configs");
        config.put("offset.storage.topic", "zkafka-connect-offsets");
        config.put("status.storage.topic", "zkafka-connect-status");
        config.put("config.storage.replication.factor", "3");
        config.put("offset.storage.replication.factor", "3");
        config.put("status.storage.replication.factor", "3");
        config.put("offset.storage.partitions", "5");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("exactly.once.source.support", "enabled");
        config.put("offset.flush.interval.ms", "500");
        // a restarted worker takes back the departed one's connectors at once, not after 5 minutes
        config.put("scheduled.rebalance.max.delay.ms", "0");
        config.put("listeners", "http://127.0.0.1:0");
        config.put("plugin.discovery", "service_load");
        return new ConnectDistributed().startConnect(config);
    }

    /** The source connector's config: exactly-once required, a transaction per poll of {@code batch} records. */
    private static Map<String, String> sourceConfig(long records, int batch, long intervalMs) {
        return Map.of("connector.class", CountingSourceConnector.class.getName(), "tasks.max", "1",
            CountingSourceConnector.TOPIC, TOPIC, CountingSourceConnector.RECORDS, Long.toString(records),
            CountingSourceConnector.BATCH, Integer.toString(batch),
            CountingSourceConnector.INTERVAL_MS, Long.toString(intervalMs),
            "exactly.once.support", "required", "transaction.boundary", "poll");
    }

    /** Creates or updates a connector; retried while the worker is still joining its group. */
    private static void putConnector(URI rest, String name, Map<String, String> config) throws Exception {
        String body = config.entrySet().stream()
            .map(entry -> "\"" + entry.getKey() + "\":\"" + entry.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/config"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        String[] last = {""};
        TestUtils.waitForCondition(() -> {
            HttpResponse<String> response = send(request);
            last[0] = response.statusCode() + " " + response.body();
            return response.statusCode() == 200 || response.statusCode() == 201;
        }, WAIT, () -> "the worker to take connector " + name + " (last answer: " + last[0] + ")");
    }

    /** Waits until the connector and each of its tasks (at least one) are RUNNING. */
    private static void awaitRunning(URI rest, String name) {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/status"))
            .timeout(Duration.ofSeconds(30)).GET().build();
        TestUtils.waitForCondition(() -> {
            HttpResponse<String> response = send(request);
            String status = response.body();
            return response.statusCode() == 200 && status.contains("\"tasks\":[{")
                && !status.contains("FAILED") && !status.contains("UNASSIGNED") && !status.contains("PAUSED")
                && status.split("\"state\":\"RUNNING\"", -1).length - 1 == status.split("\"state\":", -1).length - 1;
        }, WAIT, "connector " + name + " and its tasks to run");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the worker's REST call failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every value in the topic, read with read_committed, with how often it is there. */
    private static Map<String, Integer> committedValues() {
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(), "isolation.level", "read_committed",
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName()))) {
            List<org.apache.kafka.common.TopicPartition> partitions = IntStream.range(0, 3)
                .mapToObj(p -> new org.apache.kafka.common.TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(record.value(), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    private static Set<String> values(long count) {
        Set<String> values = new HashSet<>();
        for (long i = 0; i < count; i++) {
            values.add("r-" + i);
        }
        return values;
    }

    private static Map<String, Integer> counts(long count) {
        Map<String, Integer> counts = new HashMap<>();
        for (String value : values(count)) {
            counts.put(value, 1);
        }
        return counts;
    }


}
