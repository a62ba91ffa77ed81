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
 * One result per user named in the request: NONE, or why none of that user's changes was made
 * (UNSUPPORTED_SASL_MECHANISM, UNACCEPTABLE_CREDENTIAL, DUPLICATE_RESOURCE, RESOURCE_NOT_FOUND,
 * REQUEST_TIMED_OUT when ZooKeeper is unreachable).
 */
public record AlterUserScramCredentialsResponse(List<UserResult> results) implements Message {

    public record UserResult(String user, Errors error, String errorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    public static final class Serializer extends MessageSerializer<AlterUserScramCredentialsResponse> {
        @Override
        protected void write(Output out, AlterUserScramCredentialsResponse m, short version) {
            Wire.writeList(out, m.results, (o, r) -> {
                Wire.writeString(o, r.user);
                o.writeShort(r.error.code());
                Wire.writeString(o, r.errorMessage);
            });
        }

        @Override
        protected AlterUserScramCredentialsResponse read(Input in, short version) {
            return new AlterUserScramCredentialsResponse(Wire.readList(in, i -> new UserResult(Wire.readString(i),
                Errors.forCode(i.readShort()), Wire.readString(i))));
        }
    }
}
