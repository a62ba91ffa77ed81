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
 * One result per entity of the request: NONE, or why none of its changes was made (INVALID_REQUEST naming
 * the problem, CLUSTER_AUTHORIZATION_FAILED, REQUEST_TIMED_OUT when ZooKeeper is unreachable).
 */
public record AlterClientQuotasResponse(List<EntryResult> results) implements Message {

    public record EntryResult(List<ClientQuotaEntityData> entity, Errors error, String errorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CLIENT_QUOTAS;
    }

    public static final class Serializer extends MessageSerializer<AlterClientQuotasResponse> {
        @Override
        protected void write(Output out, AlterClientQuotasResponse m, short version) {
            Wire.writeList(out, m.results, (o, r) -> {
                ClientQuotaEntityData.writeEntity(o, r.entity);
                o.writeShort(r.error.code());
                Wire.writeString(o, r.errorMessage);
            });
        }

        @Override
        protected AlterClientQuotasResponse read(Input in, short version) {
            return new AlterClientQuotasResponse(Wire.readList(in, i -> new EntryResult(ClientQuotaEntityData.readEntity(i),
                Errors.forCode(i.readShort()), Wire.readString(i))));
        }
    }
}
