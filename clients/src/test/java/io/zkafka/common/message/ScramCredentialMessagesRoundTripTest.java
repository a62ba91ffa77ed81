package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SCRAM credential admin messages survive the codec with every field, under Kafka's api keys and codes. */
class ScramCredentialMessagesRoundTripTest {
    @Test
    void shouldUseKafkasApiKeysAndErrorCodes() {
        assertEquals(50, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS.id);
        assertEquals(51, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS.id);
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS));
        assertEquals(33, Errors.UNSUPPORTED_SASL_MECHANISM.code());
        assertEquals(34, Errors.ILLEGAL_SASL_STATE.code());
        assertEquals(58, Errors.SASL_AUTHENTICATION_FAILED.code());
        assertEquals(91, Errors.RESOURCE_NOT_FOUND.code());
        assertEquals(92, Errors.DUPLICATE_RESOURCE.code());
        assertEquals(93, Errors.UNACCEPTABLE_CREDENTIAL.code());
    }

    @Test
    void shouldRoundTripDescribe() {
        assertNull(request(new DescribeUserScramCredentialsRequest(null)).users());
        DescribeUserScramCredentialsRequest named = new DescribeUserScramCredentialsRequest(List.of("alice", "bob"));
        assertEquals(named, request(named));
        DescribeUserScramCredentialsResponse answer = new DescribeUserScramCredentialsResponse(Errors.NONE, null, List.of(
            new DescribeUserScramCredentialsResponse.UserResult("alice", Errors.NONE, null, List.of(
                new DescribeUserScramCredentialsResponse.CredentialInfo((byte) 1, 8192),
                new DescribeUserScramCredentialsResponse.CredentialInfo((byte) 2, 4096))),
            new DescribeUserScramCredentialsResponse.UserResult("bob", Errors.RESOURCE_NOT_FOUND, "none", List.of())));
        assertEquals(answer, response(answer));
    }

    @Test
    void shouldRoundTripAlterWithSaltAndSaltedPassword() {
        AlterUserScramCredentialsRequest alter = new AlterUserScramCredentialsRequest(
            List.of(new AlterUserScramCredentialsRequest.Deletion("bob", (byte) 2)),
            List.of(new AlterUserScramCredentialsRequest.Upsertion("alice", (byte) 1, 8192, new byte[] {1, 2, 3},
                new byte[] {4, 5})));
        AlterUserScramCredentialsRequest back = request(alter);
        assertEquals(alter.deletions(), back.deletions());
        AlterUserScramCredentialsRequest.Upsertion upsertion = back.upsertions().get(0);
        assertEquals(List.of("alice", (byte) 1, 8192), List.of(upsertion.user(), upsertion.mechanism(), upsertion.iterations()));
        assertArrayEquals(new byte[] {1, 2, 3}, upsertion.salt());
        assertArrayEquals(new byte[] {4, 5}, upsertion.saltedPassword());
        AlterUserScramCredentialsResponse answer = new AlterUserScramCredentialsResponse(List.of(
            new AlterUserScramCredentialsResponse.UserResult("alice", Errors.NONE, null),
            new AlterUserScramCredentialsResponse.UserResult("bob", Errors.RESOURCE_NOT_FOUND, "no credential")));
        assertEquals(answer, response(answer));
    }
}
