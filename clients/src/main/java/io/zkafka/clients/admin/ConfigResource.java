package io.zkafka.clients.admin;

import java.util.Objects;

/** What a config belongs to: a topic (by name) or a broker (by id). */
public final class ConfigResource {
    /** Resource types with Kafka's wire ids. */
    public enum Type {
        BROKER((byte) 4),
        TOPIC((byte) 2);

        private final byte id;

        Type(byte id) {
            this.id = id;
        }

        public byte id() {
            return id;
        }
    }

    private final Type type;
    private final String name;

    public ConfigResource(Type type, String name) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigResource other && type == other.type && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name);
    }

    @Override
    public String toString() {
        return "ConfigResource(type=" + type + ", name='" + name + "')";
    }
}
