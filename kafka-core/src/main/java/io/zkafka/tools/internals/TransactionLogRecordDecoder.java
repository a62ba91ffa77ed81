package io.zkafka.tools.internals;

import io.zkafka.common.json.JsonWriter;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kafka-dump-log.sh --transaction-log-decoder}: the keys and values of
 * {@code __transaction_state} as Kafka's tool prints them ({@code {"type":"0","data":{"transactionalId":...}}},
 * {@code {"version":"0","data":{"producerId":...,"transactionStatus":N,"transactionPartitions":[...]}}},
 * {@code <DELETE>} for a tombstone). The layout is Kafka's {@code TransactionLogKey} v0 and
 * {@code TransactionLogValue} v0, which the transaction coordinator writes
 * ({@code io.zkafka.broker.txn.TransactionLogRecords}; a test decodes what it encodes); the flexible
 * value v1 is shown as unreadable. Stateless.
 */
public final class TransactionLogRecordDecoder {
    private TransactionLogRecordDecoder() {
    }

    /** The key as JSON. */
    public static String key(ByteBuffer key) {
        try {
            ByteBuffer in = key.duplicate();
            short version = in.getShort();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("transactionalId", string(in));
            return typed("type", version, data);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return "<unreadable: " + ToolRunner.messageOf(e) + ">";
        }
    }

    /** The value as JSON; {@code <DELETE>} for a tombstone. */
    public static String value(ByteBuffer value) {
        if (value == null) {
            return "<DELETE>";
        }
        try {
            ByteBuffer in = value.duplicate();
            short version = in.getShort();
            if (version != 0) {
                throw new IllegalArgumentException("value version " + version + " is not decoded (only 0)");
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("producerId", in.getLong());
            data.put("producerEpoch", (int) in.getShort());
            data.put("transactionTimeoutMs", in.getInt());
            data.put("transactionStatus", (int) in.get());
            int topics = in.getInt();
            List<Object> partitions = null;
            if (topics >= 0) {
                if (topics > in.remaining()) {
                    throw new IllegalArgumentException(topics + " topics in " + in.remaining() + " bytes");
                }
                partitions = new ArrayList<>(topics);
                for (int t = 0; t < topics; t++) {
                    Map<String, Object> topic = new LinkedHashMap<>();
                    topic.put("topic", string(in));
                    int count = in.getInt();
                    if (count < 0 || (long) count * 4 > in.remaining()) {
                        throw new IllegalArgumentException(count + " partitions in " + in.remaining() + " bytes");
                    }
                    List<Object> ids = new ArrayList<>(count);
                    for (int p = 0; p < count; p++) {
                        ids.add(in.getInt());
                    }
                    topic.put("partitionIds", ids);
                    partitions.add(topic);
                }
            }
            data.put("transactionPartitions", partitions);
            data.put("transactionLastUpdateTimestampMs", in.getLong());
            data.put("transactionStartTimestampMs", in.getLong());
            return typed("version", version, data);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return "<unreadable: " + ToolRunner.messageOf(e) + ">";
        }
    }

    private static String typed(String field, short version, Map<String, Object> data) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(field, String.valueOf(version));
        json.put("data", data);
        return JsonWriter.write(json);
    }

    private static String string(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes, " + in.remaining() + " remain");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
