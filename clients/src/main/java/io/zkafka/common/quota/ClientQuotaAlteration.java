package io.zkafka.common.quota;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Changes to one entity's quotas, as Kafka's: each {@link Op} sets a key, or removes it when its value is null. Immutable. */
public final class ClientQuotaAlteration {
    private final ClientQuotaEntity entity;
    private final Collection<Op> ops;

    public ClientQuotaAlteration(ClientQuotaEntity entity, Collection<Op> ops) {
        this.entity = Objects.requireNonNull(entity, "entity");
        this.ops = List.copyOf(ops);
    }

    public ClientQuotaEntity entity() {
        return entity;
    }

    public Collection<Op> ops() {
        return ops;
    }

    @Override
    public String toString() {
        return "ClientQuotaAlteration(entity=" + entity + ", ops=" + ops + ")";
    }

    /** Sets {@code key} to {@code value}; a null value removes the key. */
    public static final class Op {
        private final String key;
        private final Double value;

        public Op(String key, Double value) {
            this.key = Objects.requireNonNull(key, "key");
            this.value = value;
        }

        public String key() {
            return key;
        }

        /** The new value, or null to remove the key. */
        public Double value() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Op other && key.equals(other.key) && Objects.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, value);
        }

        @Override
        public String toString() {
            return "ClientQuotaAlteration.Op(key=" + key + ", value=" + value + ")";
        }
    }
}
