package io.zkafka.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The name of a client metric, as Kafka's clients name them: a name ({@code record-send-rate}), a
 * group ({@code producer-metrics}), a description and tags ({@code client-id}, {@code topic},
 * {@code partition}, ...). Two names are equal when name, group and tags are; the description is
 * not part of the identity. Immutable.
 */
public final class MetricName {
    private final String name;
    private final String group;
    private final String description;
    private final Map<String, String> tags;
    private final int hash;

    public MetricName(String name, String group, String description, Map<String, String> tags) {
        this.name = requireText(name, "name");
        this.group = requireText(group, "group");
        this.description = Objects.requireNonNull(description, "description");
        Objects.requireNonNull(tags, "tags");
        tags.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("Metric " + group + ":" + name + " has a null tag key or value: "
                    + tags);
            }
        });
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        this.hash = Objects.hash(name, group, this.tags);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("A metric's " + what + " must not be empty");
        }
        return value;
    }

    public String name() {
        return name;
    }

    public String group() {
        return group;
    }

    public String description() {
        return description;
    }

    /** The tags in the order they were given. */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricName other && hash == other.hash && name.equals(other.name)
            && group.equals(other.group) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "MetricName [name=" + name + ", group=" + group + ", description=" + description + ", tags=" + tags
            + "]";
    }
}
