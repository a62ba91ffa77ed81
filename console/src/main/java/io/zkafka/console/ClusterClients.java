package io.zkafka.console;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.consumer.ConsumerConfig;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerConfig;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The console's way into the cluster: one shared Admin client, one shared producer, and a fresh
 * group-less consumer per message browse (a consumer is not thread-safe; HTTP requests run in parallel).
 * Each takes the client settings given to the console ({@code --command-config}: security settings,
 * for a cluster with TLS or SASL) under its own.
 */
final class ClusterClients implements AutoCloseable {
    static final long TIMEOUT_MS = 15_000;

    private final String bootstrap;
    private final Map<String, Object> clientSettings;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    ClusterClients(String bootstrap) {
        this(bootstrap, Map.of());
    }

    ClusterClients(String bootstrap, Map<String, Object> clientSettings) {
        this.bootstrap = bootstrap;
        this.clientSettings = Map.copyOf(clientSettings);
        Map<String, Object> conf = new HashMap<>(clientSettings);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put("client.id", "zkafka-console-admin");
        this.admin = Admin.create(conf);
        Map<String, Object> producerConf = new HashMap<>(clientSettings);
        producerConf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConf.put("client.id", "zkafka-console-producer");
        producerConf.put("acks", "all");
        this.producer = new KafkaProducer<>(producerConf, new ByteArraySerializer(), new ByteArraySerializer());
    }

    String bootstrap() {
        return bootstrap;
    }

    Admin admin() {
        return admin;
    }

    KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    KafkaConsumer<byte[], byte[]> newConsumer() {
        Map<String, Object> conf = new HashMap<>(clientSettings);
        conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put("client.id", "zkafka-console-browser");
        conf.put("enable.auto.commit", "false");
        conf.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Waits for an admin result; the cause of a failure is what the page shows. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.toString(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + TIMEOUT_MS + " ms", e);
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
