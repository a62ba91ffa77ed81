package io.zkafka.clients.admin;

import java.util.Objects;

/** One config key and its value, with whether the value is the default and whether it may be changed. */
public final class ConfigEntry {
    private final String name;
    private final String value;
    private final boolean isDefault;
    private final boolean isReadOnly;

    public ConfigEntry(String name, String value) {
        this(name, value, false, false);
    }

    public ConfigEntry(String name, String value, boolean isDefault, boolean isReadOnly) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
        this.isDefault = isDefault;
        this.isReadOnly = isReadOnly;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigEntry other && name.equals(other.name) && Objects.equals(value, other.value)
            && isDefault == other.isDefault && isReadOnly == other.isReadOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, isDefault, isReadOnly);
    }

    @Override
    public String toString() {
        return "ConfigEntry(name=" + name + ", value=" + value + ", isDefault=" + isDefault + ", isReadOnly="
            + isReadOnly + ")";
    }
}
