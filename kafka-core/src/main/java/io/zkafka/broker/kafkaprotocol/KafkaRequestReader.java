package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.protocol.MalformedMessageException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

/**
 * Decodes Kafka request frames with Kafka's generated message classes. A request this broker
 * cannot serve (an unknown api key, a version outside the advertised range, bytes that do not
 * parse, bytes left over) is a {@link MalformedMessageException}, which closes the connection as
 * Kafka's broker does; the one exception is ApiVersions above the advertised version, which gets
 * the version 0 answer so the client can retry lower. A Produce body is read straight into the
 * native request ({@link ProduceRequestReader}), the hot path's one allocation-light exception.
 * Stateless.
 */
final class KafkaRequestReader {
    private final KafkaApis apis;

    KafkaRequestReader(KafkaApis apis) {
        this.apis = apis;
    }

    KafkaRequest read(ByteBuffer frame) {
        if (frame.remaining() < 8) {
            throw new MalformedMessageException("a request of " + frame.remaining() + " bytes is shorter than a header");
        }
        short keyId = frame.getShort(frame.position());
        short version = frame.getShort(frame.position() + 2);
        if (!ApiKeys.hasId(keyId)) {
            throw new MalformedMessageException("unknown api key " + keyId);
        }
        ApiKeys key = ApiKeys.forId(keyId);
        RequestHeaderData header = new RequestHeaderData();
        ByteBufferAccessor accessor = new ByteBufferAccessor(frame);
        try {
            header.read(accessor, key.requestHeaderVersion(version));
        } catch (RuntimeException e) {
            throw new MalformedMessageException("unreadable request header: " + e);
        }
        if (!apis.supports(key, version)) {
            if (key == ApiKeys.API_VERSIONS) {
                return new KafkaRequest(key, version, header, null);
            }
            throw new MalformedMessageException(apis.supports(key)
                ? key + " version " + version + " is outside the supported " + apis.versionRange(key)
                : "api " + key + " is not served on this listener");
        }
        Object body;
        if (key == ApiKeys.PRODUCE) {
            body = ProduceRequestReader.read(frame, version);
        } else {
            ApiMessage message = key.messageType.newRequest();
            try {
                message.read(accessor, version);
            } catch (RuntimeException e) {
                throw new MalformedMessageException("unreadable " + key + " v" + version + " request: " + e);
            }
            body = message;
        }
        if (frame.hasRemaining()) {
            throw new MalformedMessageException(frame.remaining() + " bytes left after a " + key + " v" + version + " request");
        }
        return new KafkaRequest(key, version, header, body);
    }
}
