package io.zkafka.common.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/** Builds and reads batches with both ZKafka and Apache Kafka, describing records as comparable strings. */
final class TestRecords {
    static final int MAX_BATCH = 64 * 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    /** A record to append. */
    record Input(long timestamp, byte[] key, byte[] value, Header[] headers) {
    }

    private TestRecords() {
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static Input input(long timestamp, String key, String value, Header... headers) {
        return new Input(timestamp, utf8(key), utf8(value), headers);
    }

    /** Records with random keys and compressible values, some null keys, values and header values. */
    static List<Input> randomInputs(Random random, int count, long firstTimestamp) {
        List<Input> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = random.nextInt(10) == 0 ? null : utf8("key-" + random.nextInt(1000));
            byte[] value = random.nextInt(20) == 0 ? null : utf8("value " + i + " ".repeat(random.nextInt(200)) + i);
            Header[] headers = random.nextInt(4) == 0
                ? new Header[] {new Header("trace", utf8("t" + i)), new Header("nil", null)}
                : new Header[0];
            inputs.add(new Input(firstTimestamp + random.nextInt(100_000) - 50_000, key, value, headers));
        }
        return inputs;
    }

    static ByteBuffer buildOurs(CompressionType compression, long baseOffset, List<Input> inputs) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(compression, baseOffset, MAX_BATCH);
        for (Input input : inputs) {
            builder.append(input.timestamp(), input.key(), input.value(), input.headers());
        }
        return builder.build();
    }

    static ByteBuffer buildKafka(CompressionType compression, long baseOffset, List<Input> inputs) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
            Compression.of(org.apache.kafka.common.record.CompressionType.forId(compression.id())).build(),
            org.apache.kafka.common.record.TimestampType.CREATE_TIME, baseOffset);
        for (Input input : inputs) {
            builder.append(input.timestamp(), input.key(), input.value(), kafkaHeaders(input.headers()));
        }
        return builder.build().buffer();
    }

    private static org.apache.kafka.common.header.Header[] kafkaHeaders(Header[] headers) {
        org.apache.kafka.common.header.Header[] converted = new org.apache.kafka.common.header.Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            converted[i] = new RecordHeader(headers[i].key(), headers[i].value());
        }
        return converted;
    }

    /** What reading the batch built from {@code inputs} at {@code baseOffset} must yield. */
    static List<String> expected(long baseOffset, List<Input> inputs) {
        List<String> described = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            List<String> headers = new ArrayList<>();
            for (Header header : input.headers()) {
                headers.add(header.key() + "=" + hex(header.value()));
            }
            described.add(describe(baseOffset + i, input.timestamp(), hex(input.key()), hex(input.value()), headers));
        }
        return described;
    }

    /** Every record of every batch in {@code buffer}, read by ZKafka; the buffer must hold only whole batches. */
    static List<String> readOurs(ByteBuffer buffer) {
        List<String> described = new ArrayList<>();
        RecordBatchIterator batches = new RecordBatchIterator(buffer, MAX_BATCH);
        while (batches.hasNext()) {
            BatchRecordIterator records = batches.next().records();
            while (records.hasNext()) {
                described.add(describe(records.next()));
            }
        }
        assertTrue(batches.position() == buffer.limit(), "trailing bytes after the batches");
        return described;
    }

    static String describe(RecordView record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + hex(header.value()));
        }
        return describe(record.offset(), record.timestamp(), hex(record.key()), hex(record.value()), headers);
    }

    /** Every record of every batch in {@code buffer}, read by Apache Kafka after its {@code ensureValid()}. */
    static List<String> readKafka(ByteBuffer buffer) {
        List<String> described = new ArrayList<>();
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer.duplicate()).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                List<String> headers = new ArrayList<>();
                for (org.apache.kafka.common.header.Header header : record.headers()) {
                    headers.add(header.key() + "=" + hex(header.value()));
                }
                described.add(describe(record.offset(), record.timestamp(), hex(record.key()), hex(record.value()),
                    headers));
            }
        }
        return described;
    }

    private static String describe(long offset, long timestamp, String key, String value, List<String> headers) {
        return offset + " @" + timestamp + " key=" + key + " value=" + value + " headers=" + headers;
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "null" : HEX.formatHex(bytes);
    }

    static String hex(ByteBuffer buffer) {
        if (buffer == null) {
            return "null";
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HEX.parseHex(hex.replaceAll("\\s", ""));
    }
}
