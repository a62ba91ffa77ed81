package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Which SCRAM mechanisms and iteration counts users have (never the credentials); null or empty: every user. */
public record DescribeUserScramCredentialsRequest(List<String> users) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    public static final class Serializer extends MessageSerializer<DescribeUserScramCredentialsRequest> {
        @Override
        protected void write(Output out, DescribeUserScramCredentialsRequest m, short version) {
            Wire.writeList(out, m.users, Wire::writeString);
        }

        @Override
        protected DescribeUserScramCredentialsRequest read(Input in, short version) {
            return new DescribeUserScramCredentialsRequest(Wire.readList(in, Wire::readString));
        }
    }
}
