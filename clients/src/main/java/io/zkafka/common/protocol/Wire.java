package io.zkafka.common.protocol;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The primitive encodings message serializers share: nullable strings, byte arrays, lists and
 * maps with a varint length (0 = null, n + 1 = n elements). Every read checks a declared length
 * against the bytes that remain before allocating, so a lying length in a small frame is a
 * {@link MalformedMessageException}, never a huge allocation.
 */
public final class Wire {
    private Wire() {
    }

    public static void writeString(Output out, String value) {
        if (value == null) {
            out.writeVarInt(0, true);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeVarInt(bytes.length + 1, true);
        out.writeBytes(bytes);
    }

    public static String readString(Input in) {
        int length = readLength(in, 1);
        if (length < 0) {
            return null;
        }
        return new String(in.readBytes(length), StandardCharsets.UTF_8);
    }

    public static void writeBytes(Output out, byte[] value) {
        if (value == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(value.length + 1, true);
        out.writeBytes(value);
    }

    public static byte[] readBytes(Input in) {
        int length = readLength(in, 1);
        return length < 0 ? null : in.readBytes(length);
    }

    public static <T> void writeList(Output out, List<T> list, BiConsumer<Output, T> writer) {
        if (list == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(list.size() + 1, true);
        for (T element : list) {
            writer.accept(out, element);
        }
    }

    /** Reads a list written by {@link #writeList}; null stays null. */
    public static <T> List<T> readList(Input in, Function<Input, T> reader) {
        int count = readLength(in, 1);
        if (count < 0) {
            return null;
        }
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(reader.apply(in));
        }
        return Collections.unmodifiableList(list);
    }

    public static void writeIntList(Output out, List<Integer> list) {
        writeList(out, list, (o, v) -> o.writeInt(v));
    }

    public static List<Integer> readIntList(Input in) {
        int count = readLength(in, 4);
        if (count < 0) {
            return null;
        }
        List<Integer> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(in.readInt());
        }
        return Collections.unmodifiableList(list);
    }

    public static void writeStringMap(Output out, Map<String, String> map) {
        if (map == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(map.size() + 1, true);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    public static Map<String, String> readStringMap(Input in) {
        int count = readLength(in, 2);
        if (count < 0) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(readString(in), readString(in));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Reads a nullable length (0 = null) and checks that {@code length * minElementSize} bytes
     * can still follow. Returns -1 for null.
     */
    static int readLength(Input in, int minElementSize) {
        int encoded = in.readVarInt(true);
        if (encoded == 0) {
            return -1;
        }
        int length = encoded - 1;
        long remaining = in.limit() - in.position();
        if (length < 0 || (long) length * minElementSize > remaining) {
            throw new MalformedMessageException("Declared length " + length + " exceeds the "
                + remaining + " bytes left in the frame");
        }
        return length;
    }
}
