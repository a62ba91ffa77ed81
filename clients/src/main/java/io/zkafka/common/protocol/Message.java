package io.zkafka.common.protocol;

import java.util.List;

/** A request or response body. Bodies are immutable records, serialized by their registered serializer. */
public interface Message {
    ApiKeys apiKey();

    /**
     * The record payloads this message carries after its Kryo part, in wire order. Most
     * messages carry none.
     */
    default List<RecordsPayload> recordPayloads() {
        return List.of();
    }
}
