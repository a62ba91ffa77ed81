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
 * The matching entities with their quotas, or an error for the whole request (CLUSTER_AUTHORIZATION_FAILED,
 * INVALID_REQUEST for a filter that cannot match, REQUEST_TIMED_OUT when ZooKeeper is unreachable).
 */
public record DescribeClientQuotasResponse(Errors error, String errorMessage, List<Entry> entries) implements Message {

    /** A quota value, bytes per second for the byte rates. */
    public record Value(String key, double value) {
    }

    public record Entry(List<ClientQuotaEntityData> entity, List<Value> values) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLIENT_QUOTAS;
    }

    public static final class Serializer extends MessageSerializer<DescribeClientQuotasResponse> {
        @Override
        protected void write(Output out, DescribeClientQuotasResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            Wire.writeList(out, m.entries, (o, e) -> {
                ClientQuotaEntityData.writeEntity(o, e.entity);
                Wire.writeList(o, e.values, (o2, v) -> {
                    Wire.writeString(o2, v.key);
                    o2.writeDouble(v.value);
                });
            });
        }

        @Override
        protected DescribeClientQuotasResponse read(Input in, short version) {
            Errors error = Errors.forCode(in.readShort());
            String message = Wire.readString(in);
            return new DescribeClientQuotasResponse(error, message, Wire.readList(in, i -> new Entry(
                ClientQuotaEntityData.readEntity(i), Wire.readList(i, i2 -> new Value(Wire.readString(i2), i2.readDouble())))));
        }
    }
}
