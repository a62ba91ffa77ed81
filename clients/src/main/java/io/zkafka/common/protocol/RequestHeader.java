package io.zkafka.common.protocol;

/** What precedes every request body: which API at which version, the correlation id, the client id. */
public record RequestHeader(ApiKeys apiKey, short apiVersion, int correlationId, String clientId) {
}
