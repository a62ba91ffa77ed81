package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Removes every stored binding each filter matches (Alter on the cluster needed). */
public record DeleteAclsRequest(List<AclBindingData> filters) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_ACLS;
    }

    public static final class Serializer extends MessageSerializer<DeleteAclsRequest> {
        @Override
        protected void write(Output out, DeleteAclsRequest m, short version) {
            Wire.writeList(out, m.filters, AclBindingData::write);
        }

        @Override
        protected DeleteAclsRequest read(Input in, short version) {
            return new DeleteAclsRequest(Wire.readList(in, AclBindingData::read));
        }
    }
}
