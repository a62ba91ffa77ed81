package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client quota admin messages survive the codec with every field (null names: defaults), under Kafka's api keys. */
class ClientQuotaMessagesRoundTripTest {
    private static final List<ClientQuotaEntityData> ALICE_DEFAULT_CLIENT = List.of(
        new ClientQuotaEntityData("user", "alice"), new ClientQuotaEntityData("client-id", null));

    @Test
    void shouldUseKafkasApiKeys() {
        assertEquals(48, ApiKeys.DESCRIBE_CLIENT_QUOTAS.id);
        assertEquals(49, ApiKeys.ALTER_CLIENT_QUOTAS.id);
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DESCRIBE_CLIENT_QUOTAS));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.ALTER_CLIENT_QUOTAS));
    }

    @Test
    void shouldRoundTripDescribe() {
        DescribeClientQuotasRequest filter = new DescribeClientQuotasRequest(List.of(
            new DescribeClientQuotasRequest.Component("user", DescribeClientQuotasRequest.MATCH_EXACT, "alice"),
            new DescribeClientQuotasRequest.Component("client-id", DescribeClientQuotasRequest.MATCH_DEFAULT, null),
            new DescribeClientQuotasRequest.Component("ip", DescribeClientQuotasRequest.MATCH_ANY, null)), true);
        assertEquals(filter, request(filter));
        assertEquals(new DescribeClientQuotasRequest(List.of(), false),
            request(new DescribeClientQuotasRequest(List.of(), false)));
        DescribeClientQuotasResponse answer = new DescribeClientQuotasResponse(Errors.NONE, null, List.of(
            new DescribeClientQuotasResponse.Entry(ALICE_DEFAULT_CLIENT, List.of(
                new DescribeClientQuotasResponse.Value("producer_byte_rate", 1048576.0),
                new DescribeClientQuotasResponse.Value("consumer_byte_rate", 0.5)))));
        assertEquals(answer, response(answer));
        DescribeClientQuotasResponse refused = new DescribeClientQuotasResponse(Errors.INVALID_REQUEST, "no", null);
        assertEquals(refused, response(refused));
    }

    @Test
    void shouldRoundTripAlter() {
        AlterClientQuotasRequest alter = new AlterClientQuotasRequest(List.of(
            new AlterClientQuotasRequest.Entry(ALICE_DEFAULT_CLIENT, List.of(
                new AlterClientQuotasRequest.Op("producer_byte_rate", 1024.0, false),
                new AlterClientQuotasRequest.Op("consumer_byte_rate", 0.0, true))),
            new AlterClientQuotasRequest.Entry(List.of(new ClientQuotaEntityData("client-id", "app")), List.of())), true);
        assertEquals(alter, request(alter));
        AlterClientQuotasResponse answer = new AlterClientQuotasResponse(List.of(
            new AlterClientQuotasResponse.EntryResult(ALICE_DEFAULT_CLIENT, Errors.NONE, null),
            new AlterClientQuotasResponse.EntryResult(List.of(new ClientQuotaEntityData("ip", "1.2.3.4")),
                Errors.INVALID_REQUEST, "ZKafka does not enforce ip quotas")));
        assertEquals(answer, response(answer));
    }
}
