package io.zkafka.broker.kafkaprotocol;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * SaslHandshake and SaslAuthenticate once they reach the request handling: after the connection
 * authenticated, or on a listener without SASL. Both are ILLEGAL_SASL_STATE, as in Kafka (the exchange
 * itself is {@link KafkaSaslAuthenticator}'s; re-authentication, KIP-368, is not offered).
 */
final class SaslStateApi implements KafkaApi {
    @Override
    public CompletableFuture<? extends ApiMessage> handle(KafkaExchange exchange) {
        String message = "SASL authentication is not expected now: the connection already authenticated or the "
            + "listener does not use SASL";
        if (exchange.body() instanceof SaslHandshakeRequestData) {
            return CompletableFuture.completedFuture(new SaslHandshakeResponseData()
                .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()));
        }
        return CompletableFuture.completedFuture(new SaslAuthenticateResponseData()
            .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setErrorMessage(message));
    }
}
