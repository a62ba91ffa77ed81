package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Per resource: each config's value, whether it is the default, and (version 1) where the value comes
 * from, with Kafka's config source ids.
 */
public record DescribeConfigsResponse(List<ResourceConfigs> resources) implements Message {

    public record ResourceConfigs(byte type, String name, Errors error, String errorMessage,
                                  List<ConfigEntry> entries) {
    }

    /** {@code source}: one of the {@code SOURCE_*} ids (Kafka's ConfigSource ids). */
    public record ConfigEntry(String name, String value, boolean isDefault, boolean readOnly, byte source) {
        public ConfigEntry(String name, String value, boolean isDefault, boolean readOnly) {
            this(name, value, isDefault, readOnly, SOURCE_UNKNOWN);
        }
    }

    public static final byte SOURCE_UNKNOWN = 0;
    public static final byte SOURCE_TOPIC_CONFIG = 1;
    public static final byte SOURCE_DYNAMIC_BROKER_CONFIG = 2;
    public static final byte SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
    public static final byte SOURCE_STATIC_BROKER_CONFIG = 4;
    public static final byte SOURCE_DEFAULT_CONFIG = 5;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    public static final class Serializer extends MessageSerializer<DescribeConfigsResponse> {
        @Override
        protected void write(Output out, DescribeConfigsResponse m, short version) {
            Wire.writeList(out, m.resources, (o, r) -> {
                o.writeByte(r.type);
                Wire.writeString(o, r.name);
                o.writeShort(r.error.code());
                Wire.writeString(o, r.errorMessage);
                Wire.writeList(o, r.entries, (o2, e) -> {
                    Wire.writeString(o2, e.name);
                    Wire.writeString(o2, e.value);
                    o2.writeBoolean(e.isDefault);
                    o2.writeBoolean(e.readOnly);
                    if (version >= 1) {
                        o2.writeByte(e.source);
                    }
                });
            });
        }

        @Override
        protected DescribeConfigsResponse read(Input in, short version) {
            return new DescribeConfigsResponse(Wire.readList(in, i -> new ResourceConfigs(i.readByte(),
                Wire.readString(i), Errors.forCode(i.readShort()), Wire.readString(i),
                Wire.readList(i, i2 -> new ConfigEntry(Wire.readString(i2), Wire.readString(i2), i2.readBoolean(),
                    i2.readBoolean(), version >= 1 ? i2.readByte() : SOURCE_UNKNOWN)))));
        }
    }
}
