package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Which client quota entities to describe, Kafka's filter: each component names an entity type and how its
 * name must match ({@link #MATCH_EXACT} the name given, {@link #MATCH_DEFAULT} the default entity,
 * {@link #MATCH_ANY} any name or the default); an entity matches when it has every component's type with a
 * matching name and, when {@code strict}, no other type.
 */
public record DescribeClientQuotasRequest(List<Component> components, boolean strict) implements Message {
    public static final byte MATCH_EXACT = 0;
    public static final byte MATCH_DEFAULT = 1;
    public static final byte MATCH_ANY = 2;

    /** One filter component; {@code match} is the name for {@link #MATCH_EXACT}, null otherwise. */
    public record Component(String entityType, byte matchType, String match) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLIENT_QUOTAS;
    }

    public static final class Serializer extends MessageSerializer<DescribeClientQuotasRequest> {
        @Override
        protected void write(Output out, DescribeClientQuotasRequest m, short version) {
            Wire.writeList(out, m.components, (o, c) -> {
                Wire.writeString(o, c.entityType);
                o.writeByte(c.matchType);
                Wire.writeString(o, c.match);
            });
            out.writeBoolean(m.strict);
        }

        @Override
        protected DescribeClientQuotasRequest read(Input in, short version) {
            List<Component> components = Wire.readList(in, i -> new Component(Wire.readString(i), i.readByte(),
                Wire.readString(i)));
            return new DescribeClientQuotasRequest(components, in.readBoolean());
        }
    }
}
