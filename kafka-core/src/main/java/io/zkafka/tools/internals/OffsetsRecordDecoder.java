package io.zkafka.tools.internals;

import io.zkafka.common.json.JsonWriter;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kafka-dump-log.sh --offsets-decoder}: the keys and values of {@code __consumer_offsets}
 * as Kafka's tool prints them, {@code {"type":"1","data":{...}}} and {@code {"version":"3","data":{...}}}
 * (a tombstone is {@code <DELETE>}, bytes are base64). The layouts are the group coordinator's
 * ({@code io.zkafka.broker.group.GroupRecords}, which the tools' layer may not import; a test
 * decodes what that class encodes): big-endian, strings as int16 length + UTF-8 (-1 null), bytes as
 * int32 length (-1 null). Key version 0/1 is an offset commit, 2 a group's metadata; value version 3.
 * A record that does not decode is shown as {@code <unreadable: reason>}. Stateless.
 */
public final class OffsetsRecordDecoder {
    private static final short GROUP_METADATA_KEY = 2;

    private OffsetsRecordDecoder() {
    }

    /** The key as JSON. */
    public static String key(ByteBuffer key) {
        try {
            ByteBuffer in = key.duplicate();
            short version = in.getShort();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("group", string(in));
            if (version != GROUP_METADATA_KEY) {
                data.put("topic", string(in));
                data.put("partition", in.getInt());
            }
            return typed("type", version, data);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return "<unreadable: " + ToolRunner.messageOf(e) + ">";
        }
    }

    /** The value as JSON, read by the kind its key names; {@code <DELETE>} for a tombstone. */
    public static String value(ByteBuffer key, ByteBuffer value) {
        if (value == null) {
            return "<DELETE>";
        }
        try {
            boolean group = key != null && key.remaining() >= 2 && key.getShort(key.position()) == GROUP_METADATA_KEY;
            ByteBuffer in = value.duplicate();
            short version = in.getShort();
            Map<String, Object> data = new LinkedHashMap<>();
            if (!group) {
                data.put("offset", in.getLong());
                data.put("leaderEpoch", in.getInt());
                data.put("metadata", string(in));
                data.put("commitTimestamp", in.getLong());
                return typed("version", version, data);
            }
            data.put("protocolType", string(in));
            data.put("generation", in.getInt());
            data.put("protocol", string(in));
            data.put("leader", string(in));
            data.put("currentStateTimestamp", in.getLong());
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException(count + " members in " + in.remaining() + " bytes");
            }
            List<Object> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Map<String, Object> member = new LinkedHashMap<>();
                member.put("memberId", string(in));
                member.put("groupInstanceId", string(in));
                member.put("clientId", string(in));
                member.put("clientHost", string(in));
                member.put("rebalanceTimeout", in.getInt());
                member.put("sessionTimeout", in.getInt());
                member.put("subscription", base64(in));
                member.put("assignment", base64(in));
                members.add(member);
            }
            data.put("members", members);
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
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes, " + in.remaining() + " remain");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String base64(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bytes of length " + length + ", " + in.remaining() + " remain");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
