package io.zkafka.clients.admin;

import java.util.Objects;

/**
 * One config key and its value, with whether the value is the default, whether it may be changed and
 * where it comes from.
 */
public final class ConfigEntry {
    /** Where a config's value comes from, as Kafka's admin client names it. */
    public enum ConfigSource {
        /** A topic's own override. */
        DYNAMIC_TOPIC_CONFIG,
        /** Set for this one broker while the cluster runs ({@code kafka-configs.sh --entity-name <id>}). */
        DYNAMIC_BROKER_CONFIG,
        /** Set for every broker while the cluster runs ({@code kafka-configs.sh --entity-default}). */
        DYNAMIC_DEFAULT_BROKER_CONFIG,
        /** The broker's {@code server.properties}. */
        STATIC_BROKER_CONFIG,
        /** Nobody set it. */
        DEFAULT_CONFIG,
        /** A broker too old to say. */
        UNKNOWN
    }

    private final String name;
    private final String value;
    private final boolean isDefault;
    private final boolean isReadOnly;
    private final ConfigSource source;

    public ConfigEntry(String name, String value) {
        this(name, value, false, false, ConfigSource.UNKNOWN);
    }

    public ConfigEntry(String name, String value, boolean isDefault, boolean isReadOnly) {
        this(name, value, isDefault, isReadOnly, isDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.UNKNOWN);
    }

    public ConfigEntry(String name, String value, boolean isDefault, boolean isReadOnly, ConfigSource source) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
        this.isDefault = isDefault;
        this.isReadOnly = isReadOnly;
        this.source = Objects.requireNonNull(source, "source");
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public boolean isDefault() {
        return isDefault;
    }

    public boolean isReadOnly() {
        return isReadOnly;
    }

    public ConfigSource source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigEntry other && name.equals(other.name) && Objects.equals(value, other.value)
            && isDefault == other.isDefault && isReadOnly == other.isReadOnly && source == other.source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, isDefault, isReadOnly, source);
    }

    @Override
    public String toString() {
        return "ConfigEntry(name=" + name + ", value=" + value + ", isDefault=" + isDefault + ", isReadOnly="
            + isReadOnly + ", source=" + source + ")";
    }
}
