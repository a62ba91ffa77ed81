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
 * Per binding: NONE once stored, INVALID_REQUEST for one that cannot be stored,
 * CLUSTER_AUTHORIZATION_FAILED without Alter on the cluster, SECURITY_DISABLED without an authorizer.
 */
public record CreateAclsResponse(List<Result> results) implements Message {

    public record Result(Errors error, String errorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_ACLS;
    }

    public static final class Serializer extends MessageSerializer<CreateAclsResponse> {
        @Override
        protected void write(Output out, CreateAclsResponse m, short version) {
            Wire.writeList(out, m.results, (o, r) -> {
                o.writeShort(r.error.code());
                Wire.writeString(o, r.errorMessage);
            });
        }

        @Override
        protected CreateAclsResponse read(Input in, short version) {
            return new CreateAclsResponse(Wire.readList(in, i -> new Result(Errors.forCode(i.readShort()),
                Wire.readString(i))));
        }
    }
}
