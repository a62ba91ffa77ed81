package io.zkafka.clients.admin;

import java.util.Objects;

/**
 * One change of an incremental config alteration: set a key, delete it (back to its default), or
 * append values to or subtract values from a list-valued key such as {@code cleanup.policy}.
 */
public final class AlterConfigOp {
    /** Kinds of change, with Kafka's wire ids (the native AlterConfigs' operations). */
    public enum OpType {
        SET((byte) 0),
        DELETE((byte) 1),
        APPEND((byte) 2),
        SUBTRACT((byte) 3);

        private final byte id;

        OpType(byte id) {
            this.id = id;
        }

        public byte id() {
            return id;
        }
    }

    private final ConfigEntry configEntry;
    private final OpType opType;

    public AlterConfigOp(ConfigEntry configEntry, OpType opType) {
        this.configEntry = Objects.requireNonNull(configEntry, "configEntry");
        this.opType = Objects.requireNonNull(opType, "opType");
    }

    public ConfigEntry configEntry() {
        return configEntry;
    }

    public OpType opType() {
        return opType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlterConfigOp other && opType == other.opType && configEntry.equals(other.configEntry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(opType, configEntry);
    }

    @Override
    public String toString() {
        return "AlterConfigOp(opType=" + opType + ", configEntry=" + configEntry + ")";
    }
}
