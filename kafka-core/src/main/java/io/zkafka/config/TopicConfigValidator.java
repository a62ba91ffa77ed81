package io.zkafka.config;

import io.zkafka.storage.LogConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks topic config overrides: every key must be a topic-level config, and every value valid.
 * Returns the reason for the first problem, or null.
 */
public final class TopicConfigValidator {
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";

    private static final Set<String> KNOWN_KEYS;
    /** Keys whose value is a comma-separated list (Kafka's APPEND and SUBTRACT apply to these only). */
    private static final Set<String> LIST_KEYS = Set.of(LogConfig.CLEANUP_POLICY);

    static {
        Set<String> keys = new HashSet<>(LogConfig.defaults().values().keySet());
        keys.add(MIN_INSYNC_REPLICAS);
        keys.add(UNCLEAN_LEADER_ELECTION_ENABLE);
        KNOWN_KEYS = Set.copyOf(keys);
    }

    private TopicConfigValidator() {
    }

    public static Set<String> knownKeys() {
        return KNOWN_KEYS;
    }

    public static boolean isList(String key) {
        return LIST_KEYS.contains(key);
    }

    public static String invalidReason(Map<String, String> overrides) {
        if (overrides == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            if (!KNOWN_KEYS.contains(entry.getKey())) {
                return "Unknown topic config '" + entry.getKey() + "'";
            }
            if (entry.getValue() == null) {
                return "Config '" + entry.getKey() + "' has no value";
            }
        }
        try {
            LogConfig.of(overrides);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String minIsr = overrides.get(MIN_INSYNC_REPLICAS);
        if (minIsr != null) {
            try {
                if (Integer.parseInt(minIsr.trim()) < 1) {
                    return "Invalid value '" + minIsr + "' for " + MIN_INSYNC_REPLICAS + ": must be at least 1";
                }
            } catch (NumberFormatException e) {
                return "Invalid value '" + minIsr + "' for " + MIN_INSYNC_REPLICAS + ": not a whole number";
            }
        }
        String unclean = overrides.get(UNCLEAN_LEADER_ELECTION_ENABLE);
        if (unclean != null && !unclean.trim().equalsIgnoreCase("true") && !unclean.trim().equalsIgnoreCase("false")) {
            return "Invalid value '" + unclean + "' for " + UNCLEAN_LEADER_ELECTION_ENABLE + ": expected true or false";
        }
        return null;
    }
}
