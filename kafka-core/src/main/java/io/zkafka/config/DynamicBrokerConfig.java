package io.zkafka.config;

import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A broker's configuration while it runs: {@code server.properties} with the dynamic broker configs
 * stored in ZooKeeper on top, as Kafka layers them: this broker's own ({@code /config/brokers/<id>})
 * over the cluster-wide defaults ({@code /config/brokers/<default>}) over the static file. Only the
 * {@link #DYNAMIC_KEYS} may be set dynamically: the defaults every log takes unless its topic overrides
 * them, and {@code min.insync.replicas}. Thread-safe: a change replaces the whole view at once.
 */
public final class DynamicBrokerConfig {
    /** The keys that may be changed while brokers run (Kafka's cluster-wide log config defaults among them). */
    public static final Set<String> DYNAMIC_KEYS = Set.of(
        KafkaConfig.MESSAGE_MAX_BYTES, KafkaConfig.LOG_SEGMENT_BYTES, KafkaConfig.LOG_ROLL_HOURS, KafkaConfig.LOG_ROLL_MS,
        KafkaConfig.LOG_RETENTION_HOURS, KafkaConfig.LOG_RETENTION_MINUTES, KafkaConfig.LOG_RETENTION_MS,
        KafkaConfig.LOG_RETENTION_BYTES, KafkaConfig.LOG_FLUSH_INTERVAL_MESSAGES, KafkaConfig.LOG_FLUSH_INTERVAL_MS,
        KafkaConfig.LOG_INDEX_INTERVAL_BYTES, KafkaConfig.LOG_INDEX_SIZE_MAX_BYTES, KafkaConfig.LOG_CLEANUP_POLICY,
        KafkaConfig.LOG_CLEANER_DELETE_RETENTION_MS, KafkaConfig.LOG_MESSAGE_TIMESTAMP_TYPE,
        KafkaConfig.MIN_INSYNC_REPLICAS);

    /** Where a key's current value comes from. */
    public enum Source { DYNAMIC_BROKER, DYNAMIC_DEFAULT_BROKER, STATIC_BROKER, DEFAULT }

    private record View(Map<String, String> clusterDefaults, Map<String, String> own, KafkaConfig effective) {
    }

    private final KafkaConfig staticConfig;
    private volatile View view;

    public DynamicBrokerConfig(KafkaConfig staticConfig) {
        this.staticConfig = staticConfig;
        this.view = new View(Map.of(), Map.of(), staticConfig);
    }

    /** The configuration in force now. */
    public KafkaConfig current() {
        return view.effective();
    }

    /** The cluster-wide dynamic defaults in force now. */
    public Map<String, String> clusterDefaults() {
        return view.clusterDefaults();
    }

    /**
     * Takes new dynamic configs; returns the configuration now in force. Entries that are not dynamic
     * keys (written by something else) are left out; if the result is invalid as a whole (a value
     * checked against the others) the previous configuration stays, and the exception says why.
     */
    public synchronized KafkaConfig update(Map<String, String> clusterDefaults, Map<String, String> own) {
        Map<String, String> defaults = dynamicOnly(clusterDefaults);
        Map<String, String> mine = dynamicOnly(own);
        KafkaConfig effective = layered(staticConfig, defaults, mine);
        view = new View(defaults, mine, effective);
        return effective;
    }

    public Source sourceOf(String key) {
        View now = view;
        if (now.own().containsKey(key)) {
            return Source.DYNAMIC_BROKER;
        }
        if (now.clusterDefaults().containsKey(key)) {
            return Source.DYNAMIC_DEFAULT_BROKER;
        }
        return staticConfig.originals().containsKey(key) ? Source.STATIC_BROKER : Source.DEFAULT;
    }

    /**
     * Why {@code overrides} cannot be stored as dynamic configs (an unknown key, a key that is not
     * dynamic, a bad value), or null if they can. Checked against this broker's static configuration.
     */
    public String invalidReason(Map<String, String> overrides) {
        Set<String> known = new TreeSet<>();
        for (ConfigDef.Key key : KafkaConfig.DEFINITION.keys()) {
            known.add(key.name());
        }
        List<String> unknown = overrides.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            return "Unknown broker config(s): " + String.join(", ", unknown);
        }
        List<String> fixed = overrides.keySet().stream().filter(k -> !DYNAMIC_KEYS.contains(k)).sorted().toList();
        if (!fixed.isEmpty()) {
            return "Cannot update these configs dynamically: " + String.join(", ", fixed) + " (set them in "
                + "server.properties; the dynamic ones are " + String.join(", ", new TreeSet<>(DYNAMIC_KEYS)) + ")";
        }
        try {
            layered(staticConfig, Map.of(), overrides);
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    private static KafkaConfig layered(KafkaConfig base, Map<String, String> defaults, Map<String, String> own) {
        if (defaults.isEmpty() && own.isEmpty()) {
            return base;
        }
        Map<Object, Object> merged = new HashMap<>(base.originals());
        merged.putAll(defaults);
        merged.putAll(own);
        return new KafkaConfig(merged);
    }

    private static Map<String, String> dynamicOnly(Map<String, String> values) {
        Map<String, String> kept = new HashMap<>(values);
        kept.keySet().retainAll(DYNAMIC_KEYS);
        return Map.copyOf(kept);
    }
}
