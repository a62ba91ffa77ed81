package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import org.junit.jupiter.api.Test;

/** InitProducerId survives the codec with every field, under Kafka's api key. */
class ProducerIdMessagesRoundTripTest {

    @Test
    void shouldUseKafkasApiKey() {
        assertEquals(22, ApiKeys.INIT_PRODUCER_ID.id);
        assertTrue(ProtocolRegistry.isBound(ApiKeys.INIT_PRODUCER_ID));
        assertEquals(ApiKeys.INIT_PRODUCER_ID, ApiKeys.forId(22));
    }

    @Test
    void shouldRoundTripTheIdempotentRequestWithItsNullTransactionalId() {
        InitProducerIdRequest idempotent = InitProducerIdRequest.idempotent();
        InitProducerIdRequest read = request(idempotent);
        assertEquals(idempotent, read);
        assertEquals(null, read.transactionalId());
        assertEquals(-1L, read.producerId());
        assertEquals((short) -1, read.producerEpoch());
    }

    @Test
    void shouldRoundTripAnEpochBumpRequestOfATransactionalProducer() {
        InitProducerIdRequest bump = new InitProducerIdRequest("orders-tx", 60_000, 4_000_123_456L, (short) 7);
        assertEquals(bump, request(bump));
    }

    @Test
    void shouldRoundTripAnswersAndErrors() {
        InitProducerIdResponse ok = new InitProducerIdResponse(Errors.NONE, null, 1_000L, (short) 0);
        assertEquals(ok, response(ok));
        InitProducerIdResponse max = new InitProducerIdResponse(Errors.NONE, null, Long.MAX_VALUE - 1, Short.MAX_VALUE);
        assertEquals(max, response(max));
        InitProducerIdResponse fenced = InitProducerIdResponse.error(Errors.PRODUCER_FENCED, "epoch 3 < 4");
        InitProducerIdResponse back = response(fenced);
        assertEquals(fenced, back);
        assertEquals(-1L, back.producerId());
    }
}
