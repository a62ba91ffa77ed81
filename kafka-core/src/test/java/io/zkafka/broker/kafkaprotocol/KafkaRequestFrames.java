package io.zkafka.broker.kafkaprotocol;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/** A request frame (without its size) as a Kafka client writes it, with Kafka's message classes. */
final class KafkaRequestFrames {
    private KafkaRequestFrames() {
    }

    /** The header (at the version {@code body}'s api and {@code version} call for), then the body; ready to read. */
    static ByteBuffer encode(RequestHeaderData header, ApiMessage body, short version) {
        short headerVersion = ApiKeys.forId(body.apiKey()).requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer frame = ByteBuffer.allocate(header.size(cache, headerVersion) + body.size(cache, version));
        ByteBufferAccessor writer = new ByteBufferAccessor(frame);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        return frame.flip();
    }
}
