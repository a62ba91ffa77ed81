package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.common.message.AlterUserScramCredentialsResponse;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse;
import io.zkafka.common.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.Test;

/**
 * The SASL and SCRAM credential answers encode with Kafka's classes at every advertised version and read
 * back as a client of that version sees them.
 */
class SaslApisEncodingTest {

    private static ByteBuffer encode(ApiMessage message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        buffer.flip();
        return buffer;
    }

    @Test
    void saslAnswersEncodeAtEveryAdvertisedVersion() {
        for (short version = 0; version <= 1; version++) {
            SaslHandshakeResponseData answer = new SaslHandshakeResponseData().setErrorCode((short) 33)
                .setMechanisms(List.of("PLAIN", "SCRAM-SHA-256"));
            SaslHandshakeResponseData read = new SaslHandshakeResponseData(new ByteBufferAccessor(encode(answer, version)),
                version);
            assertEquals(List.of("PLAIN", "SCRAM-SHA-256"), read.mechanisms());
        }
        for (short version = 0; version <= 2; version++) {
            SaslAuthenticateResponseData answer = new SaslAuthenticateResponseData().setAuthBytes(new byte[] {1, 2})
                .setErrorMessage("m");
            SaslAuthenticateResponseData read = new SaslAuthenticateResponseData(
                new ByteBufferAccessor(encode(answer, version)), version);
            assertArrayEquals(new byte[] {1, 2}, read.authBytes());
        }
    }

    @Test
    void scramCredentialAnswersCarryEveryField() {
        DescribeUserScramCredentialsResponse described = new DescribeUserScramCredentialsResponse(Errors.NONE, null, List.of(
            new DescribeUserScramCredentialsResponse.UserResult("alice", Errors.NONE, null, List.of(
                new DescribeUserScramCredentialsResponse.CredentialInfo((byte) 1, 8192))),
            new DescribeUserScramCredentialsResponse.UserResult("bob", Errors.RESOURCE_NOT_FOUND, "none", List.of())));
        DescribeUserScramCredentialsResponseData read = new DescribeUserScramCredentialsResponseData(
            new ByteBufferAccessor(encode(DescribeUserScramCredentialsApi.toKafka(described), (short) 0)), (short) 0);
        assertEquals(8192, read.results().get(0).credentialInfos().get(0).iterations());
        assertEquals(1, read.results().get(0).credentialInfos().get(0).mechanism());
        assertEquals(Errors.RESOURCE_NOT_FOUND.code(), read.results().get(1).errorCode());

        AlterUserScramCredentialsResponse altered = new AlterUserScramCredentialsResponse(List.of(
            new AlterUserScramCredentialsResponse.UserResult("alice", Errors.UNACCEPTABLE_CREDENTIAL, "too few")));
        AlterUserScramCredentialsResponseData readAlter = new AlterUserScramCredentialsResponseData(
            new ByteBufferAccessor(encode(AlterUserScramCredentialsApi.toKafka(altered), (short) 0)), (short) 0);
        assertEquals(93, readAlter.results().get(0).errorCode());
        assertEquals("too few", readAlter.results().get(0).errorMessage());
    }
}
