package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Sets and removes quotas of client quota entities, each entity's changes all or none; with
 * {@code validateOnly} they are checked but not made.
 */
public record AlterClientQuotasRequest(List<Entry> entries, boolean validateOnly) implements Message {

    /** Sets {@code key} to {@code value}, or removes it when {@code remove} (the value is then ignored). */
    public record Op(String key, double value, boolean remove) {
    }

    public record Entry(List<ClientQuotaEntityData> entity, List<Op> ops) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CLIENT_QUOTAS;
    }

    public static final class Serializer extends MessageSerializer<AlterClientQuotasRequest> {
        @Override
        protected void write(Output out, AlterClientQuotasRequest m, short version) {
            Wire.writeList(out, m.entries, (o, e) -> {
                ClientQuotaEntityData.writeEntity(o, e.entity);
                Wire.writeList(o, e.ops, (o2, op) -> {
                    Wire.writeString(o2, op.key);
                    o2.writeDouble(op.value);
                    o2.writeBoolean(op.remove);
                });
            });
            out.writeBoolean(m.validateOnly);
        }

        @Override
        protected AlterClientQuotasRequest read(Input in, short version) {
            List<Entry> entries = Wire.readList(in, i -> new Entry(ClientQuotaEntityData.readEntity(i),
                Wire.readList(i, i2 -> new Op(Wire.readString(i2), i2.readDouble(), i2.readBoolean()))));
            return new AlterClientQuotasRequest(entries, in.readBoolean());
        }
    }
}
