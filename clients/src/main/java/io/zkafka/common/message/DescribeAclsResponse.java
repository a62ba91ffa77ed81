package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** The matching bindings, or an error (CLUSTER_AUTHORIZATION_FAILED, SECURITY_DISABLED, INVALID_REQUEST). */
public record DescribeAclsResponse(Errors error, String errorMessage, List<AclBindingData> bindings) implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_ACLS;
    }

    public static final class Serializer extends MessageSerializer<DescribeAclsResponse> {
        @Override
        protected void write(Output out, DescribeAclsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            Wire.writeList(out, m.bindings, AclBindingData::write);
        }

        @Override
        protected DescribeAclsResponse read(Input in, short version) {
            return new DescribeAclsResponse(Errors.forCode(in.readShort()), Wire.readString(in),
                Wire.readList(in, AclBindingData::read));
        }
    }
}
