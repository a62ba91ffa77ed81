package io.zkafka.common.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The definition of one component's configuration: per key its type, default, validator,
 * importance and one doc line. Parsing turns a map of strings (a properties file, overrides) into
 * typed values once, failing with a message that names the key. The README's configuration
 * tables are generated from these definitions ({@link #toMarkdownTable()}).
 */
public final class ConfigDef {

    public enum Type { BOOLEAN, INT, LONG, DOUBLE, STRING, LIST, CLASS, PASSWORD }

    public enum Importance { HIGH, MEDIUM, LOW }

    /** Marks a key that has no default: it must be given. */
    public static final Object NO_DEFAULT = new Object() {
        @Override
        public String toString() {
            return "(required)";
        }
    };

    /** Checks a parsed value; throws {@link ConfigException} naming the key when it is out of range. */
    @FunctionalInterface
    public interface Validator {
        void ensureValid(String key, Object value);
    }

    public record Key(String name, Type type, Object defaultValue, Validator validator, Importance importance,
                      String doc) {
        public boolean hasDefault() {
            return defaultValue != NO_DEFAULT;
        }
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, Importance importance,
                            String doc) {
        if (keys.containsKey(name)) {
            throw new IllegalArgumentException("Configuration " + name + " is defined twice");
        }
        Object parsedDefault = defaultValue == NO_DEFAULT || defaultValue == null
            ? defaultValue : parse(name, type, defaultValue);
        if (validator != null && parsedDefault != NO_DEFAULT && parsedDefault != null) {
            validator.ensureValid(name, parsedDefault);
        }
        keys.put(name, new Key(name, type, parsedDefault, validator, importance, doc));
        return this;
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Importance importance, String doc) {
        return define(name, type, defaultValue, null, importance, doc);
    }

    /** Adds every key of {@code other} (for configs that extend a shared base). */
    public ConfigDef withKeysOf(ConfigDef other) {
        other.keys.values().forEach(k -> define(k.name, k.type, k.defaultValue, k.validator, k.importance, k.doc));
        return this;
    }

    public Collection<Key> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    public boolean hasKey(String name) {
        return keys.containsKey(name);
    }

    /** Parses and validates every defined key; unknown keys are ignored here (callers may warn). */
    public Map<String, Object> parse(Map<?, ?> originals) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            Object raw = originals.get(key.name);
            Object value;
            if (raw == null) {
                if (!key.hasDefault()) {
                    throw new ConfigException("Missing required configuration " + key.name + ": " + key.doc);
                }
                value = key.defaultValue;
            } else {
                value = parse(key.name, key.type, raw);
            }
            if (key.validator != null && value != null) {
                key.validator.ensureValid(key.name, value);
            }
            values.put(key.name, value);
        }
        return values;
    }

    static Object parse(String name, Type type, Object value) {
        if (value instanceof String s) {
            String trimmed = s.trim();
            try {
                return switch (type) {
                    case BOOLEAN -> parseBoolean(name, trimmed);
                    case INT -> Integer.parseInt(trimmed);
                    case LONG -> Long.parseLong(trimmed);
                    case DOUBLE -> Double.parseDouble(trimmed);
                    case STRING, PASSWORD -> trimmed;
                    case CLASS -> trimmed;
                    case LIST -> trimmed.isEmpty() ? List.of() : splitList(trimmed);
                };
            } catch (NumberFormatException e) {
                throw new ConfigException(name, s, "expected " + type.name().toLowerCase(Locale.ROOT));
            }
        }
        return switch (type) {
            case BOOLEAN -> expect(name, value, Boolean.class);
            case INT -> value instanceof Number n && n.longValue() == n.intValue() && !(value instanceof Double)
                ? n.intValue() : expect(name, value, Integer.class);
            case LONG -> value instanceof Number n && !(value instanceof Double) ? n.longValue()
                : expect(name, value, Long.class);
            case DOUBLE -> value instanceof Number n ? n.doubleValue() : expect(name, value, Double.class);
            case STRING, PASSWORD, CLASS -> value instanceof Class<?> c ? c.getName() : expect(name, value, String.class);
            case LIST -> value instanceof List<?> list ? List.copyOf(list) : expect(name, value, List.class);
        };
    }

    private static Boolean parseBoolean(String name, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(name, value, "expected true or false");
    }

    private static List<String> splitList(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                parts.add(trimmed);
            }
        }
        return List.copyOf(parts);
    }

    private static <T> T expect(String name, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new ConfigException(name, value, "expected " + type.getSimpleName() + " but got "
                + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }

    /** A Markdown table of the keys: name, type, default, valid values, importance, description. */
    public String toMarkdownTable() {
        StringBuilder out = new StringBuilder("| key | type | default | valid values | importance | description |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Key key : keys.values()) {
            String defaultText = !key.hasDefault() ? "(required)"
                : key.defaultValue == null ? "null"
                : key.defaultValue instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(key.defaultValue);
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                .append(" | ").append(defaultText.isEmpty() ? "\"\"" : "`" + defaultText + "`")
                .append(" | ").append(key.validator == null ? "" : key.validator.toString())
                .append(" | ").append(key.importance.name().toLowerCase(Locale.ROOT))
                .append(" | ").append(key.doc).append(" |\n");
        }
        return out.toString();
    }
}
