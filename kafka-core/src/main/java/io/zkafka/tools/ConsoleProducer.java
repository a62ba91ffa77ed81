package io.zkafka.tools;

import io.zkafka.clients.producer.Callback;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.Producer;
import io.zkafka.clients.producer.ProducerConfig;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.LineRecordReader;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-console-producer.sh}: sends each line of standard input as a record, with Kafka
 * 3.9's flags and defaults (linger 1000 ms, acks -1, request timeout 1500 ms, client id
 * console-producer). Flags given explicitly override the producer properties; their defaults only
 * fill keys the properties leave out. At the end of the input it flushes and closes the producer,
 * and exits 1 if any record could not be sent.
 *
 * <p>Threads: the calling thread reads and sends; the producer's sender thread runs the one shared
 * {@link Callback}, which only counts failures in atomics and prints them.
 */
@Command(name = "kafka-console-producer.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to read data from standard input and publish it to Kafka.")
public final class ConsoleProducer implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ",
        context -> new ConsoleProducer(context.in(), context.err(), context.ownsProcess()));

    @Mixin
    VerboseOption verbose;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = {"--bootstrap-server", "--broker-list"}, required = true, paramLabel = "<server to connect to>",
        description = "REQUIRED: The server(s) to connect to (host1:port1,host2:port2).")
    String bootstrapServer;
    @Option(names = "--topic", required = true, paramLabel = "<topic>",
        description = "REQUIRED: The topic id to produce messages to.")
    String topic;
    @Option(names = "--sync", description = "If set message send requests to the brokers are synchronously, one at a "
        + "time as they arrive.")
    boolean sync;
    @Option(names = "--compression-codec", arity = "0..1", fallbackValue = "gzip", paramLabel = "<compression-codec>",
        description = "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'. If specified without "
            + "value, then it defaults to 'gzip'.")
    String compressionCodec;
    @Option(names = "--batch-size", paramLabel = "<size>",
        description = "Number of bytes to send in a single batch (default: 16384).")
    Integer batchSize;
    @Option(names = "--message-send-max-retries", paramLabel = "<Integer>",
        description = "Number of retries of a failed send (default: 3).")
    Integer retries;
    @Option(names = "--retry-backoff-ms", paramLabel = "<Long>",
        description = "Wait before each retry and metadata refresh (default: 100).")
    Long retryBackoffMs;
    @Option(names = "--timeout", paramLabel = "<timeout_ms>",
        description = "How long a batch that is not full waits for more records: linger.ms (default: 1000).")
    Long lingerMs;
    @Option(names = "--request-required-acks", paramLabel = "<request required acks>",
        description = "The required acks of the producer requests (default: -1).")
    String acks;
    @Option(names = "--request-timeout-ms", paramLabel = "<request timeout ms>",
        description = "The ack timeout of the producer requests (default: 1500).")
    Integer requestTimeoutMs;
    @Option(names = "--max-block-ms", paramLabel = "<max block on send>",
        description = "The max time that the producer will block for during a send request (default: 60000).")
    Long maxBlockMs;
    @Option(names = "--max-memory-bytes", paramLabel = "<total memory in bytes>",
        description = "The total memory used by the producer to buffer records (default: 33554432).")
    Long bufferMemory;
    @Option(names = "--metadata-expiry-ms", paramLabel = "<metadata expiration interval>",
        description = "The period after which metadata is refreshed regardless of changes (default: 300000).")
    Long metadataMaxAgeMs;
    @Option(names = "--property", paramLabel = "<prop>",
        description = "Properties of the line reader: parse.key=true, key.separator=<sep> (default tab), "
            + "ignore.error=true (repeatable).")
    List<String> readerProperties = new ArrayList<>();
    @Option(names = "--reader-config", paramLabel = "<config file>",
        description = "Config properties file for the line reader; --property takes precedence.")
    String readerConfig;
    @Option(names = "--producer-property", paramLabel = "<producer_prop>",
        description = "A mechanism to pass user-defined properties in the form key=value to the producer (repeatable).")
    List<String> producerProperties = new ArrayList<>();
    @Option(names = "--producer.config", paramLabel = "<config file>",
        description = "Producer config properties file. Note that --producer-property takes precedence over this "
            + "config.")
    String producerConfig;

    private final InputStream in;
    private final PrintStream err;
    private final boolean closeOnShutdown;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    private ConsoleProducer(InputStream in, PrintStream err, boolean closeOnShutdown) {
        this.in = in;
        this.err = err;
        this.closeOnShutdown = closeOnShutdown;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        Properties readerProps = ToolProperties.putPairs(ToolProperties.load(readerConfig, "--reader-config"),
            readerProperties, "--property");
        LineRecordReader reader = new LineRecordReader(in, readerProps);
        long sent = 0;
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
            new ByteArraySerializer());
        Thread closer = new Thread(() -> producer.close(Duration.ofSeconds(30)), "console-producer-shutdown");
        if (closeOnShutdown) {
            Runtime.getRuntime().addShutdownHook(closer);
        }
        try {
            Callback onFailure = this::onCompletion;
            for (LineRecordReader.KeyValue line = reader.next(); line != null; line = reader.next()) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, line.key(), line.value());
                sent++;
                if (!send(producer, record, onFailure)) {
                    // refused before it was queued (too large, no metadata): stop, as Kafka's tool does
                    break;
                }
            }
            producer.flush();
        } finally {
            producer.close();
            if (closeOnShutdown) {
                removeHook(closer);
            }
        }
        if (failed.get() > 0) {
            err.println("ERROR: " + failed.get() + " of " + sent + " records could not be sent to topic " + topic
                + ": " + firstError.get());
            return ToolRunner.FAILED;
        }
        return ToolRunner.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (Ctrl-C) and closes the producer itself
        }
    }

    /** Sends one record; false if the producer refused it at once (the failure is counted and printed). */
    private boolean send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record, Callback callback)
        throws InterruptedException {
        try {
            if (sync) {
                producer.send(record, callback).get();
            } else {
                producer.send(record, callback);
            }
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (RuntimeException e) {
            // the producer has already passed this failure to the callback
            return false;
        }
    }

    private void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            String message = ToolRunner.messageOf(exception);
            if (firstError.compareAndSet(null, message)) {
                err.println("Error when sending message to topic " + topic + " with error: " + message);
            }
        }
    }

    private Properties producerProps() {
        Properties props = ToolProperties.putPairs(ToolProperties.load(producerConfig, "--producer.config"),
            producerProperties, "--producer-property");
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        // this tool sends bytes; a Kafka class name here would not load
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        merge(props, ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionCodec, "none");
        merge(props, ProducerConfig.BATCH_SIZE_CONFIG, batchSize, 16384);
        merge(props, ProducerConfig.RETRIES_CONFIG, retries, 3);
        merge(props, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, retryBackoffMs, 100L);
        merge(props, ProducerConfig.LINGER_MS_CONFIG, lingerMs, 1000L);
        merge(props, ProducerConfig.ACKS_CONFIG, acks, "-1");
        merge(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs, 1500);
        merge(props, ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs, 60000L);
        merge(props, ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemory, 33554432L);
        merge(props, ProducerConfig.METADATA_MAX_AGE_CONFIG, metadataMaxAgeMs, 300000L);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "console-producer");
        return props;
    }

    /** A flag given on the command line wins; its default only fills a key the properties leave out. */
    private static void merge(Properties props, String key, Object flag, Object defaultValue) {
        if (flag != null) {
            props.put(key, String.valueOf(flag));
        } else {
            props.putIfAbsent(key, String.valueOf(defaultValue));
        }
    }
}
