package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-dump-log.sh on the segment files of a real broker, stopped after it wrote three plain
 * records, an aborted and a committed transaction: the batch lines (producer, sequences, control
 * flags, positions), the records with their keys and values and the abort marker, the offset and
 * time index entries pointing at batches the .log dump shows, the aborted transaction of the
 * .txnindex, and each producer of the producer state snapshot.
 */
class DumpLogSegmentsIT {
    private static final String SEGMENT = "00000000000000000000";
    private static ZKafkaCluster cluster;
    private static Path partitionDir;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).brokerConfig("transaction.state.log.num.partitions", 1)
            .forConsumerGroups(1).build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("dump", 1, (short) 1).configs(Map.of("index.interval.bytes", "1"))))
                .all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "linger.ms", 0), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                plain.send(new ProducerRecord<>("dump", 0, 1_000L + i, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaProducer<String, String> tx = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "transactional.id", "dumper"), new StringSerializer(), new StringSerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>("dump", 0, "gone", "aborted")).get(30, TimeUnit.SECONDS);
            tx.abortTransaction();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>("dump", 0, "kept", "committed")).get(30, TimeUnit.SECONDS);
            tx.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "group.id", "dumper-group"), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("dump", 0), new OffsetAndMetadata(2)));
        }
        partitionDir = cluster.logDir(1).resolve("dump-0");
        cluster.stopBroker(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> dump(String... args) {
        ToolResult result = ToolResult.run(DumpLogSegments.RUNNER, args);
        assertEquals(0, result.exitCode(), result::toString);
        return result.outLines();
    }

    private static String file(String suffix) {
        return partitionDir.resolve(SEGMENT + suffix).toString();
    }

    private static List<String> batches(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("baseOffset: ")).toList();
    }

    @Test
    void shouldPrintTheBatchesOfALogFileShallowly() {
        List<String> lines = dump("--files", file(".log"));
        assertEquals("Dumping " + file(".log"), lines.get(0));
        assertEquals("Log starting offset: 0", lines.get(1));
        List<String> batches = batches(lines);
        // 3 plain batches, the aborted record and its marker, the committed record and its marker
        assertEquals(7, batches.size(), lines::toString);
        assertEquals(lines.size() - 2, batches.size(), "no record lines without --deep-iteration: " + lines);
        assertTrue(batches.get(0).matches("baseOffset: 0 lastOffset: 0 count: 1 baseSequence: 0 lastSequence: 0 "
            + "producerId: \\d+ producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: false isControl: false "
            + "deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1000 size: \\d+ magic: 2 "
            + "compresscodec: none crc: \\d+ isvalid: true"), batches.get(0));
        assertTrue(batches.get(3).contains("isTransactional: true isControl: false"), batches.get(3));
        assertTrue(batches.get(4).contains("baseOffset: 4 lastOffset: 4 count: 1 baseSequence: -1 lastSequence: -1")
            && batches.get(4).contains("isTransactional: true isControl: true"), batches.get(4));
    }

    @Test
    void shouldPrintRecordsKeysValuesAndMarkersWithPrintDataLog() {
        List<String> lines = dump("--files", file(".log"), "--print-data-log");
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| offset: 1 CreateTime: 1001 keySize: 2 valueSize: 2 "
            + "sequence: 1 headerKeys: \\[\\] key: k1 payload: v1")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| offset: 3 ") && l.endsWith("key: gone payload: aborted")),
            lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| offset: 4 CreateTime: \\d+ keySize: 4 valueSize: 6 "
            + "sequence: -1 headerKeys: \\[\\] endTxnMarker: ABORT coordinatorEpoch: \\d+")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| offset: 6 ") && l.contains("endTxnMarker: COMMIT")),
            lines::toString);
        List<String> deep = dump("--files", file(".log"), "--deep-iteration");
        assertTrue(deep.stream().anyMatch(l -> l.startsWith("| offset: 1 ") && !l.contains("payload")),
            deep::toString);
    }

    @Test
    void shouldPrintIndexEntriesThatPointAtBatches() {
        List<String> log = dump("--files", file(".log"));
        List<String> index = dump("--files", file(".index") + "," + file(".timeindex"));
        assertEquals("Dumping " + file(".index"), index.get(0));
        Pattern entry = Pattern.compile("offset: (\\d+) position: (\\d+)");
        int offsetEntries = 0;
        int line = 1;
        for (; line < index.size() && !index.get(line).startsWith("Dumping"); line++) {
            Matcher m = entry.matcher(index.get(line));
            assertTrue(m.matches(), index.get(line));
            String position = " position: " + m.group(2) + " ";
            assertTrue(batches(log).stream().anyMatch(b -> b.contains(position)
                && b.contains("lastOffset: " + m.group(1) + " ") || b.contains(position)
                && b.startsWith("baseOffset: " + m.group(1) + " ")), index.get(line) + " in " + log);
            offsetEntries++;
        }
        assertTrue(offsetEntries >= 2, index::toString);
        assertEquals("Dumping " + file(".timeindex"), index.get(line));
        assertTrue(index.subList(line + 1, index.size()).stream()
            .allMatch(l -> l.matches("timestamp: \\d+ offset: \\d+")), index::toString);
        assertTrue(index.size() > line + 1, index::toString);
    }

    @Test
    void shouldDecodeTheConsumerOffsetsTopicWithTheOffsetsDecoder() {
        String log = cluster.logDir(1).resolve("__consumer_offsets-0").resolve(SEGMENT + ".log").toString();
        List<String> lines = dump("--files", log, "--offsets-decoder");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| offset: ") && l.contains(" key: {\"type\":\"1\","
            + "\"data\":{\"group\":\"dumper-group\",\"topic\":\"dump\",\"partition\":0}} payload: {\"version\":\"3\","
            + "\"data\":{\"offset\":2,")), lines::toString);
    }

    @Test
    void shouldDecodeTheTransactionStateTopicWithTheTransactionLogDecoder() {
        String log = cluster.logDir(1).resolve("__transaction_state-0").resolve(SEGMENT + ".log").toString();
        List<String> lines = dump("--files", log, "--transaction-log-decoder");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| offset: ") && l.contains(" key: {\"type\":\"0\","
            + "\"data\":{\"transactionalId\":\"dumper\"}} payload: {\"version\":\"0\",\"data\":{\"producerId\":")
            && l.contains("\"transactionPartitions\":[{\"topic\":\"dump\",\"partitionIds\":[0]}]")), lines::toString);
        ToolResult both = ToolResult.run(DumpLogSegments.RUNNER, "--files", log, "--transaction-log-decoder",
            "--offsets-decoder");
        assertEquals(1, both.exitCode(), both::toString);
    }

    @Test
    void shouldPrintTheAbortedTransactionOfTheTxnIndex() {
        List<String> lines = dump("--files", file(".txnindex"));
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(1).matches("version: 0 producerId: \\d+ firstOffset: 3 lastOffset: 4 "
            + "lastStableOffset: \\d+"), lines::toString);
    }

    @Test
    void shouldPrintEachProducerOfTheProducerStateSnapshot() throws Exception {
        Path snapshot;
        try (var files = Files.list(partitionDir)) {
            snapshot = files.filter(p -> p.getFileName().toString().endsWith(".snapshot")).findFirst().orElseThrow();
        }
        List<String> lines = dump("--files", snapshot.toString());
        assertEquals("Dumping " + snapshot, lines.get(0));
        assertEquals(3, lines.size(), "the plain and the transactional producer: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("producerId: \\d+ producerEpoch: 0 coordinatorEpoch: -1 "
            + "currentTxnFirstOffset: OptionalLong.empty lastTimestamp: 1002 firstSequence: 2 lastSequence: 2 "
            + "lastOffset: 2 offsetDelta: 0 timestamp: 1002")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("producerId: \\d+ producerEpoch: \\d+ coordinatorEpoch: \\d+ "
            + "currentTxnFirstOffset: OptionalLong.empty lastTimestamp: \\d+ firstSequence: 1 lastSequence: 1 "
            + "lastOffset: 5 offsetDelta: 0 timestamp: \\d+")), lines::toString);
    }

    @Test
    void shouldSkipUnknownFilesAndRefuseMissingOnes() throws Exception {
        Path other = Files.list(partitionDir).filter(p -> p.getFileName().toString().startsWith("leader-epoch"))
            .findFirst().orElseThrow();
        ToolResult unknown = ToolResult.run(DumpLogSegments.RUNNER, "--files", other.toString());
        assertEquals(0, unknown.exitCode(), unknown::toString);
        assertEquals("Ignoring unknown file " + other, unknown.err().trim());
        ToolResult missing = ToolResult.run(DumpLogSegments.RUNNER, "--files", file(".nope"));
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("does not exist"), missing::toString);
        ToolResult noFiles = ToolResult.run(DumpLogSegments.RUNNER, "--deep-iteration");
        assertEquals(1, noFiles.exitCode(), noFiles::toString);
        assertTrue(noFiles.err().contains("Missing required option: '--files"), noFiles::toString);
    }
}
