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
 * Per user: its credentials' mechanisms (Kafka's numbers: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512) and
 * iteration counts, or RESOURCE_NOT_FOUND / DUPLICATE_RESOURCE; a request-level error (ZooKeeper
 * unreachable) in {@code error}.
 */
public record DescribeUserScramCredentialsResponse(Errors error, String errorMessage, List<UserResult> results)
    implements Message {

    public record CredentialInfo(byte mechanism, int iterations) {
    }

    public record UserResult(String user, Errors error, String errorMessage, List<CredentialInfo> credentials) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    public static final class Serializer extends MessageSerializer<DescribeUserScramCredentialsResponse> {
        @Override
        protected void write(Output out, DescribeUserScramCredentialsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.errorMessage);
            Wire.writeList(out, m.results, (o, r) -> {
                Wire.writeString(o, r.user);
                o.writeShort(r.error.code());
                Wire.writeString(o, r.errorMessage);
                Wire.writeList(o, r.credentials, (o2, c) -> {
                    o2.writeByte(c.mechanism);
                    o2.writeVarInt(c.iterations, true);
                });
            });
        }

        @Override
        protected DescribeUserScramCredentialsResponse read(Input in, short version) {
            Errors error = Errors.forCode(in.readShort());
            String message = Wire.readString(in);
            return new DescribeUserScramCredentialsResponse(error, message, Wire.readList(in, i -> new UserResult(
                Wire.readString(i), Errors.forCode(i.readShort()), Wire.readString(i),
                Wire.readList(i, i2 -> new CredentialInfo(i2.readByte(), i2.readVarInt(true))))));
        }
    }
}
