package io.zkafka.broker.kafkaprotocol;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one Kafka API by translating it to native requests (through {@link KafkaExchange#call})
 * and the native answers back. Runs on a request handler thread, one request of a connection at a
 * time; the answer may complete later from any thread. The answer is Kafka's {@code ApiMessage}
 * (encoded by {@link KafkaResponseWriter}) or a {@link DirectAnswer}; a null answer sends nothing
 * (acks=0).
 */
@FunctionalInterface
interface KafkaApi {
    CompletableFuture<?> handle(KafkaExchange exchange);
}
