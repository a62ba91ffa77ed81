package io.zkafka.tools;

import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.json.JsonWriter;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.tools.internals.ThroughputThrottler;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-verifiable-producer.sh}: sends {@code 0, 1, 2, ...} (or {@code prefix.N}) as string
 * values, at most {@code --max-messages} at about {@code --throughput} per second, and prints
 * Kafka's JSON event lines, one per event, from the producer's callbacks:
 *
 * <pre>
 * {"timestamp":1796590000000,"name":"startup_complete"}
 * {"timestamp":...,"name":"producer_send_success","key":null,"value":"0","topic":"t","partition":0,"offset":0}
 * {"timestamp":...,"name":"producer_send_error","key":null,"value":"1","topic":"t","exception":"...","message":"..."}
 * {"timestamp":...,"name":"shutdown_complete"}
 * {"timestamp":...,"name":"tool_data","sent":2,"acked":1,"target_throughput":-1,"avg_throughput":95.2}
 * </pre>
 *
 * Stopped by SIGTERM before the end, it still closes the producer (sending what it holds) and prints
 * the last two lines. Lines are printed under one lock, so callbacks never interleave.
 */
@Command(name = "kafka-verifiable-producer.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool produces increasing integers to the specified topic and prints JSON metadata to "
        + "stdout on each \"send\" request, making externally visible which messages have been acked and which "
        + "have not.")
public final class VerifiableProducer implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", VerifiableProducer::new).withHelpWithoutArguments();

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Produce messages to this topic.")
    String topic;
    @Option(names = "--bootstrap-server", paramLabel = "HOST1:PORT1[,HOST2:PORT2[...]]",
        description = "REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form "
            + "HOST1:PORT1,HOST2:PORT2,...")
    String bootstrapServer;
    @Option(names = "--broker-list", paramLabel = "HOST1:PORT1[,HOST2:PORT2[...]]",
        description = "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.")
    String brokerList;
    @Option(names = "--max-messages", paramLabel = "MAX-MESSAGES", defaultValue = "-1", description = "Produce this "
        + "many messages. If -1, produce messages until the process is killed externally.")
    int maxMessages;
    @Option(names = "--throughput", paramLabel = "THROUGHPUT", defaultValue = "-1", description = "If set >= 0, "
        + "throttle maximum message throughput to *approximately* THROUGHPUT messages/sec.")
    int throughput;
    @Option(names = "--acks", paramLabel = "ACKS", defaultValue = "-1", description = "Acks required on each "
        + "produced message. See Kafka documentation on acks.")
    String acks;
    @Option(names = "--producer.config", paramLabel = "CONFIG_FILE", description = "Producer config properties file.")
    String producerConfig;
    @Option(names = "--message-create-time", paramLabel = "CREATETIME", defaultValue = "-1", description = "Send "
        + "messages with creation time starting at the arguments value, in milliseconds since epoch")
    long createTime;
    @Option(names = "--value-prefix", paramLabel = "VALUE-PREFIX", description = "If specified, each produced value "
        + "will have this prefix with a dot separator")
    Integer valuePrefix;
    @Option(names = "--repeating-keys", paramLabel = "REPEATING-KEYS", description = "If specified, each produced "
        + "record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the "
        + "key is set to 0 again")
    Integer repeatingKeys;

    private final ToolRunner.ToolContext context;
    private final Object printLock = new Object();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();

    private VerifiableProducer(ToolRunner.ToolContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        String servers = bootstrapServer != null ? bootstrapServer : brokerList;
        if (servers == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: --bootstrap-server");
        }
        if (repeatingKeys != null && repeatingKeys <= 0) {
            throw new ParameterException(spec.commandLine(), "--repeating-keys must be positive");
        }
        Properties props = ToolProperties.load(producerConfig, "--producer.config");
        props.put("bootstrap.servers", servers);
        props.put("acks", acks);
        props.putIfAbsent("retries", "0");
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
            new StringSerializer());
        long startMs = System.currentTimeMillis();
        if (context.ownsProcess()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(producer, startMs), "verifiable-producer-exit"));
        }
        print(event("startup_complete"));
        ThroughputThrottler throttler = new ThroughputThrottler(throughput, startMs);
        try {
            for (long i = 0; maxMessages < 0 || i < maxMessages; i++) {
                if (closed.get()) {
                    break;
                }
                long sendStartMs = System.currentTimeMillis();
                send(producer, i);
                if (throttler.shouldThrottle(i, sendStartMs)) {
                    throttler.throttle();
                }
            }
        } finally {
            close(producer, startMs);
        }
        return ToolRunner.OK;
    }

    private void send(KafkaProducer<String, String> producer, long i) {
        String key = repeatingKeys == null ? null : String.valueOf(i % repeatingKeys);
        String value = valuePrefix == null ? String.valueOf(i) : valuePrefix + "." + i;
        Long timestamp = createTime < 0 ? null : createTime + i;
        sent.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value),
                (metadata, e) -> onCompletion(key, value, metadata, e));
        } catch (RuntimeException e) {
            onCompletion(key, value, null, e);
        }
    }

    private void onCompletion(String key, String value, RecordMetadata metadata, Exception e) {
        Map<String, Object> event = event(e == null ? "producer_send_success" : "producer_send_error");
        event.put("key", key);
        event.put("value", value);
        event.put("topic", topic);
        if (e == null) {
            acked.incrementAndGet();
            event.put("partition", metadata.partition());
            event.put("offset", metadata.offset());
        } else {
            event.put("exception", e.getClass().getName());
            event.put("message", e.getMessage());
        }
        print(event);
    }

    private void close(KafkaProducer<String, String> producer, long startMs) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        producer.close();
        print(event("shutdown_complete"));
        long elapsedMs = Math.max(1, System.currentTimeMillis() - startMs);
        Map<String, Object> data = event("tool_data");
        data.put("sent", sent.get());
        data.put("acked", acked.get());
        data.put("target_throughput", throughput);
        String json = JsonWriter.write(data);
        // JsonWriter writes no fractions: the average is appended as Kafka's double
        print(json.substring(0, json.length() - 1) + ",\"avg_throughput\":"
            + String.format(Locale.ROOT, "%s", 1000.0 * acked.get() / elapsedMs) + "}");
    }

    private static Map<String, Object> event(String name) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("timestamp", System.currentTimeMillis());
        event.put("name", name);
        return event;
    }

    private void print(Map<String, Object> event) {
        print(JsonWriter.write(event));
    }

    private void print(String line) {
        PrintStream out = context.out();
        synchronized (printLock) {
            out.println(line);
            out.flush();
        }
    }
}
