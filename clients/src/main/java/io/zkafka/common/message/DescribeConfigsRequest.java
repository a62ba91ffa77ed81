package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Asks for the configs of topics (or brokers); {@code keys == null} means all of them. */
public record DescribeConfigsRequest(List<ConfigResourceRef> resources) implements Message {

    public record ConfigResourceRef(byte type, String name, List<String> keys) {
    }

    public static final byte TOPIC = 2;
    public static final byte BROKER = 4;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    public static final class Serializer extends MessageSerializer<DescribeConfigsRequest> {
        @Override
        protected void write(Output out, DescribeConfigsRequest m, short version) {
            Wire.writeList(out, m.resources, (o, r) -> {
                o.writeByte(r.type);
                Wire.writeString(o, r.name);
                Wire.writeList(o, r.keys, Wire::writeString);
            });
        }

        @Override
        protected DescribeConfigsRequest read(Input in, short version) {
            return new DescribeConfigsRequest(Wire.readList(in, i -> new ConfigResourceRef(i.readByte(),
                Wire.readString(i), Wire.readList(i, Wire::readString))));
        }
    }
}
