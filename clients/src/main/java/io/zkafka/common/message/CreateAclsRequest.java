package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Adds ACL bindings (Alter on the cluster needed); one result per binding, in order. */
public record CreateAclsRequest(List<AclBindingData> creations) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_ACLS;
    }

    public static final class Serializer extends MessageSerializer<CreateAclsRequest> {
        @Override
        protected void write(Output out, CreateAclsRequest m, short version) {
            Wire.writeList(out, m.creations, AclBindingData::write);
        }

        @Override
        protected CreateAclsRequest read(Input in, short version) {
            return new CreateAclsRequest(Wire.readList(in, AclBindingData::read));
        }
    }
}
