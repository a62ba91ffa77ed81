package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Deletes and upserts users' SCRAM credentials, as Kafka's AlterUserScramCredentials: an upsertion
 * carries the salt and the salted password ({@code Hi(password, salt, iterations)}, computed by the
 * client, so the password itself never travels); the broker derives and stores StoredKey and ServerKey.
 * Mechanisms are Kafka's numbers (1 SCRAM-SHA-256, 2 SCRAM-SHA-512).
 */
public record AlterUserScramCredentialsRequest(List<Deletion> deletions, List<Upsertion> upsertions) implements Message {

    public record Deletion(String user, byte mechanism) {
    }

    public record Upsertion(String user, byte mechanism, int iterations, byte[] salt, byte[] saltedPassword) {
        @Override
        public String toString() {
            return "Upsertion(" + user + ", mechanism " + mechanism + ", iterations " + iterations + ")";
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    public static final class Serializer extends MessageSerializer<AlterUserScramCredentialsRequest> {
        @Override
        protected void write(Output out, AlterUserScramCredentialsRequest m, short version) {
            Wire.writeList(out, m.deletions, (o, d) -> {
                Wire.writeString(o, d.user);
                o.writeByte(d.mechanism);
            });
            Wire.writeList(out, m.upsertions, (o, u) -> {
                Wire.writeString(o, u.user);
                o.writeByte(u.mechanism);
                o.writeVarInt(u.iterations, true);
                Wire.writeBytes(o, u.salt);
                Wire.writeBytes(o, u.saltedPassword);
            });
        }

        @Override
        protected AlterUserScramCredentialsRequest read(Input in, short version) {
            List<Deletion> deletions = Wire.readList(in, i -> new Deletion(Wire.readString(i), i.readByte()));
            List<Upsertion> upsertions = Wire.readList(in, i -> new Upsertion(Wire.readString(i), i.readByte(),
                i.readVarInt(true), Wire.readBytes(i), Wire.readBytes(i)));
            return new AlterUserScramCredentialsRequest(deletions, upsertions);
        }
    }
}
