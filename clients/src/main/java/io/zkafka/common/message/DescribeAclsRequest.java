package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import java.util.Objects;

/** The stored ACL bindings a filter matches (Describe on the cluster needed). */
public record DescribeAclsRequest(AclBindingData filter) implements Message {
    public DescribeAclsRequest {
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_ACLS;
    }

    public static final class Serializer extends MessageSerializer<DescribeAclsRequest> {
        @Override
        protected void write(Output out, DescribeAclsRequest m, short version) {
            AclBindingData.write(out, m.filter);
        }

        @Override
        protected DescribeAclsRequest read(Input in, short version) {
            return new DescribeAclsRequest(AclBindingData.read(in));
        }
    }
}
