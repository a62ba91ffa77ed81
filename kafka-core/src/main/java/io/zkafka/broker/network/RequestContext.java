package io.zkafka.broker.network;

import io.zkafka.common.protocol.RequestHeader;

/** Who sent a request and how: its header and the peer's address. */
public record RequestContext(RequestHeader header, String clientAddress, long receivedNanos) {
}
