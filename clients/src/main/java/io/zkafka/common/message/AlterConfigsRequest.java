package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Changes configs incrementally, as Kafka's IncrementalAlterConfigs: each operation sets one key,
 * deletes it (back to the default), or (version 1) appends values to or subtracts values from a
 * list-valued key; keys not named keep their values. A resource with {@code replace} (version 1)
 * instead becomes exactly its SET operations, every other override deleted, as Kafka's legacy
 * AlterConfigs.
 */
public record AlterConfigsRequest(List<AlterResource> resources, boolean validateOnly) implements Message {

    public static final byte SET = 0;
    public static final byte DELETE = 1;
    public static final byte APPEND = 2;
    public static final byte SUBTRACT = 3;

    public record AlterResource(byte type, String name, List<AlterOp> ops, boolean replace) {
        public AlterResource(byte type, String name, List<AlterOp> ops) {
            this(type, name, ops, false);
        }
    }

    public record AlterOp(String key, byte op, String value) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    public static final class Serializer extends MessageSerializer<AlterConfigsRequest> {
        @Override
        protected void write(Output out, AlterConfigsRequest m, short version) {
            Wire.writeList(out, m.resources, (o, r) -> {
                o.writeByte(r.type);
                Wire.writeString(o, r.name);
                Wire.writeList(o, r.ops, (o2, op) -> {
                    Wire.writeString(o2, op.key);
                    o2.writeByte(op.op);
                    Wire.writeString(o2, op.value);
                });
                if (version >= 1) {
                    o.writeBoolean(r.replace);
                }
            });
            out.writeBoolean(m.validateOnly);
        }

        @Override
        protected AlterConfigsRequest read(Input in, short version) {
            List<AlterResource> resources = Wire.readList(in, i -> new AlterResource(i.readByte(), Wire.readString(i),
                Wire.readList(i, i2 -> new AlterOp(Wire.readString(i2), i2.readByte(), Wire.readString(i2))),
                version >= 1 && i.readBoolean()));
            return new AlterConfigsRequest(resources, in.readBoolean());
        }
    }
}
