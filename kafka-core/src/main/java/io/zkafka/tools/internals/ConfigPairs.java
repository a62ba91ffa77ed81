package io.zkafka.tools.internals;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kafka's {@code --add-config} and {@code --delete-config} values: {@code k1=v1,k2=[a,b],k3=v3}
 * (a value in square brackets may hold commas; the brackets are dropped) and {@code k1,k2}.
 * Stateless.
 */
public final class ConfigPairs {
    /** A comma that is not inside square brackets. */
    private static final Pattern SEPARATOR = Pattern.compile(",(?=[^\\]]*(?:\\[|$))");

    private ConfigPairs() {
    }

    /** The keys and values, in the order given. */
    public static Map<String, String> parseAdd(String value) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String pair : SEPARATOR.split(value.trim())) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ToolException("Invalid entity config: all configs to be added must be in the format "
                    + "\"key=val\" or \"key=[val1,val2]\", got '" + pair + "'");
            }
            String config = pair.substring(eq + 1).trim();
            if (config.startsWith("[") && config.endsWith("]")) {
                config = config.substring(1, config.length() - 1);
            }
            configs.put(pair.substring(0, eq).trim(), config);
        }
        if (configs.isEmpty()) {
            throw new ToolException("--add-config names no config");
        }
        return configs;
    }

    /** The keys of {@code --delete-config}. */
    public static Set<String> parseDelete(String value) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : value.split(",")) {
            if (!key.isBlank()) {
                keys.add(key.trim());
            }
        }
        if (keys.isEmpty()) {
            throw new ToolException("--delete-config names no config");
        }
        return keys;
    }
}
