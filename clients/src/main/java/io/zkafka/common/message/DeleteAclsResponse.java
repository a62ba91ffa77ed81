package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per filter, in order: its error (or NONE) and the bindings it removed. */
public record DeleteAclsResponse(List<FilterResult> results) implements Message {

    public record FilterResult(Errors error, String errorMessage, List<AclBindingData> deleted) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_ACLS;
    }

    public static final class Serializer extends MessageSerializer<DeleteAclsResponse> {
        @Override
        protected void write(Output out, DeleteAclsResponse m, short version) {
            Wire.writeList(out, m.results, (o, r) -> {
                o.writeShort(r.error.code());
                Wire.writeString(o, r.errorMessage);
                Wire.writeList(o, r.deleted, AclBindingData::write);
            });
        }

        @Override
        protected DeleteAclsResponse read(Input in, short version) {
            return new DeleteAclsResponse(Wire.readList(in, i -> new FilterResult(Errors.forCode(i.readShort()),
                Wire.readString(i), Wire.readList(i, AclBindingData::read))));
        }
    }
}
