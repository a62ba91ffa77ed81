package io.zkafka.common.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Parsed, validated, immutable configuration values of one {@link ConfigDef}. Subclasses add typed
 * accessors per key. Keys the definition does not know are kept (plugins may read them) and
 * reported by {@link #unknownKeys()}.
 */
public class AbstractConfig {
    private final ConfigDef definition;
    private final Map<String, Object> values;
    private final Map<String, Object> originals;

    public AbstractConfig(ConfigDef definition, Map<?, ?> originals) {
        this.definition = definition;
        Map<String, Object> copy = new HashMap<>();
        originals.forEach((k, v) -> copy.put(String.valueOf(k), v));
        this.originals = Collections.unmodifiableMap(copy);
        this.values = Collections.unmodifiableMap(definition.parse(copy));
    }

    public static Map<String, Object> toMap(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    public ConfigDef definition() {
        return definition;
    }

    public Map<String, Object> values() {
        return values;
    }

    public Map<String, Object> originals() {
        return originals;
    }

    public Set<String> unknownKeys() {
        Set<String> unknown = new LinkedHashSet<>(originals.keySet());
        unknown.removeAll(values.keySet());
        return unknown;
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new ConfigException("Unknown configuration " + key);
        }
        return values.get(key);
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public long getLong(String key) {
        return (Long) get(key);
    }

    public double getDouble(String key) {
        return (Double) get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        return (List<String>) get(key);
    }
}
