package io.zkafka.server;

import io.zkafka.common.config.ConfigException;
import io.zkafka.config.KafkaConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's entry point: {@code Kafka server.properties [--override key=value]...}. SIGTERM (or
 * Ctrl-C) stops it cleanly: leadership moved away, logs flushed, clean-shutdown marker written,
 * its znode removed.
 */
public final class Kafka {
    private static final Logger log = LoggerFactory.getLogger(Kafka.class);

    private Kafka() {
    }

    public static void main(String[] args) {
        Properties properties;
        try {
            properties = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println("Usage: kafka-server-start.sh server.properties [--override key=value]...");
            System.exit(1);
            return;
        }
        KafkaServer server;
        try {
            server = new KafkaServer(new KafkaConfig(properties));
        } catch (ConfigException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(1);
            return;
        }
        AtomicBoolean stopSignalled = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopSignalled.set(true);
            server.shutdown();
        }, "zkafka-shutdown-hook"));
        try {
            server.startup();
        } catch (RuntimeException e) {
            if (stopSignalled.get()) {
                // stopped while starting (a SIGTERM runs the shutdown hook): what failed was closed under it
                log.info("Broker stopped before its start-up completed ({})", e.getMessage());
                server.awaitShutdown();
                return;
            }
            log.error("Broker failed to start: {}", e.getMessage(), e);
            server.shutdown();
            System.exit(1);
            return;
        }
        server.awaitShutdown();
        if (server.haltedOnStorageFailure()) {
            Runtime.getRuntime().halt(1);
        }
    }

    /** Reads the properties file, then applies each {@code --override key=value} in order. */
    static Properties parse(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing the server.properties file");
        }
        Properties properties = new Properties();
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--override") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String override = args[++i];
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--override needs key=value, got '" + override + "'");
            }
            properties.setProperty(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
        }
        return properties;
    }
}
