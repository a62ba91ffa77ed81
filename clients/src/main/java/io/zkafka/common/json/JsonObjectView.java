package io.zkafka.common.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, checked access to one parsed JSON object: every getter fails with a {@link JsonException}
 * naming the field and what was wrong, never with a ClassCastException or NPE. Unknown fields are
 * ignored so that newer writers can add fields. Immutable.
 */
public final class JsonObjectView {
    private final Map<String, Object> fields;
    private final String where;

    private JsonObjectView(Map<String, Object> fields, String where) {
        this.fields = fields;
        this.where = where;
    }

    /** Parses {@code text}, which must be a JSON object. */
    public static JsonObjectView parse(String text) {
        return of(JsonParser.parse(text), "document");
    }

    @SuppressWarnings("unchecked")
    private static JsonObjectView of(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw new JsonException(where + " must be a JSON object but was " + describe(value));
        }
        return new JsonObjectView((Map<String, Object>) value, where);
    }

    public boolean has(String name) {
        return fields.containsKey(name) && fields.get(name) != null;
    }

    public int intField(String name) {
        long value = longField(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw wrong(name, "a 32-bit integer", value);
        }
        return (int) value;
    }

    public long longField(String name) {
        Object value = require(name);
        if (!(value instanceof Long l)) {
            throw wrong(name, "an integer", value);
        }
        return l;
    }

    public String stringField(String name) {
        Object value = require(name);
        if (!(value instanceof String s)) {
            throw wrong(name, "a string", value);
        }
        return s;
    }

    /** A string field that may be absent or null. */
    public String optionalString(String name) {
        return has(name) ? stringField(name) : null;
    }

    public List<Integer> intList(String name) {
        return toIntList(require(name), name);
    }

    /** A string array that may be absent or null (then empty). */
    public List<String> optionalStringList(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrong(name, "an array", value);
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw wrong(field(name) + "[" + i + "]", "a string", list.get(i));
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    public JsonObjectView object(String name) {
        return of(require(name), field(name));
    }

    public List<JsonObjectView> objectList(String name) {
        Object value = require(name);
        if (!(value instanceof List<?> list)) {
            throw wrong(name, "an array", value);
        }
        List<JsonObjectView> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(of(list.get(i), field(name) + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    /** The object's fields as strings; every value must be a string. */
    public Map<String, String> asStringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            if (!(entry.getValue() instanceof String s)) {
                throw wrong(entry.getKey(), "a string", entry.getValue());
            }
            out.put(entry.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The object's fields as integer arrays; every value must be an array of integers. */
    public Map<String, List<Integer>> asIntListMap() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            out.put(entry.getKey(), toIntList(entry.getValue(), entry.getKey()));
        }
        return Collections.unmodifiableMap(out);
    }

    private List<Integer> toIntList(Object value, String name) {
        if (!(value instanceof List<?> list)) {
            throw wrong(name, "an array of integers", value);
        }
        List<Integer> out = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw wrong(name, "an array of 32-bit integers", value);
            }
            out.add(l.intValue());
        }
        return Collections.unmodifiableList(out);
    }

    private Object require(String name) {
        if (!fields.containsKey(name)) {
            throw new JsonException(field(name) + " is missing");
        }
        Object value = fields.get(name);
        if (value == null) {
            throw new JsonException(field(name) + " is null");
        }
        return value;
    }

    private String field(String name) {
        return "document".equals(where) ? "field '" + name + "'" : where + "." + name;
    }

    private JsonException wrong(String name, String expected, Object actual) {
        return new JsonException(field(name) + " must be " + expected + " but was " + describe(actual));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return value.toString();
    }
}
