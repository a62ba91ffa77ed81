package io.zkafka.broker.kafkaprotocol;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * One decoded Kafka request: its header's fields, its body at {@code version} (Kafka's {@code ApiMessage},
 * except Produce: the native {@code ProduceRequest}, see {@link ProduceRequestReader}). For an ApiVersions request
 * at a version this broker does not speak, {@code body} is null and the answer is the version 0
 * fallback Kafka clients expect. Record bytes in the body (a produce's batches) are views of the
 * network frame, valid until the frame is released.
 */
record KafkaRequest(ApiKeys apiKey, short version, int correlationId, String clientId, Object body) {

    /** An ApiVersions request at a version above what this broker speaks. */
    boolean isUnsupportedApiVersions() {
        return body == null;
    }
}
