package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.protocol.MalformedMessageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Decodes Kafka request frames with Kafka's generated message classes. A request this broker
 * cannot serve (an unknown api key, a version outside the advertised range, bytes that do not
 * parse, bytes left over) is a {@link MalformedMessageException}, which closes the connection as
 * Kafka's broker does; the one exception is ApiVersions above the advertised version, which gets
 * the version 0 answer so the client can retry lower. A Produce body is read straight into the
 * native request ({@link ProduceRequestReader}), the hot path's one allocation-light exception.
 *
 * <p>The header is read here rather than with Kafka's {@code RequestHeaderData}: a client sends the
 * same client id on every request, so the reader keeps the last one's bytes and string and decodes
 * a client id only when it changes (otherwise 2.8% of a broker's CPU under Kafka's latency tool).
 * One reader per connection, used by its event loop only.
 */
final class KafkaRequestReader {
    private static final byte[] NO_BYTES = new byte[0];
    /** Kafka's api keys by id (an array: {@code ApiKeys.forId} boxes the id for a map lookup). */
    private static final ApiKeys[] KEYS_BY_ID = keysById();

    private final KafkaApis apis;
    private byte[] lastClientIdBytes = NO_BYTES;
    private String lastClientId = "";

    KafkaRequestReader(KafkaApis apis) {
        this.apis = apis;
    }

    KafkaRequest read(ByteBuffer frame) {
        if (frame.remaining() < 8) {
            throw new MalformedMessageException("a request of " + frame.remaining() + " bytes is shorter than a header");
        }
        short keyId = frame.getShort(frame.position());
        short version = frame.getShort(frame.position() + 2);
        ApiKeys key = keyId >= 0 && keyId < KEYS_BY_ID.length ? KEYS_BY_ID[keyId] : null;
        if (key == null) {
            throw new MalformedMessageException("unknown api key " + keyId);
        }
        int correlationId;
        String clientId;
        try {
            correlationId = frame.getInt(frame.position() + 4);
            frame.position(frame.position() + 8);
            short headerVersion = key.requestHeaderVersion(version);
            clientId = headerVersion >= 1 ? readClientId(frame) : "";
            if (headerVersion >= 2) {
                skipTaggedFields(frame);
            }
        } catch (RuntimeException e) {
            throw new MalformedMessageException("unreadable request header: " + e);
        }
        if (!apis.supports(key, version)) {
            if (key == ApiKeys.API_VERSIONS) {
                return new KafkaRequest(key, version, correlationId, clientId, null);
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
                message.read(new ByteBufferAccessor(frame), version);
            } catch (RuntimeException e) {
                throw new MalformedMessageException("unreadable " + key + " v" + version + " request: " + e);
            }
            body = message;
        }
        if (frame.hasRemaining()) {
            throw new MalformedMessageException(frame.remaining() + " bytes left after a " + key + " v" + version + " request");
        }
        return new KafkaRequest(key, version, correlationId, clientId, body);
    }

    private static ApiKeys[] keysById() {
        int maxId = 0;
        for (ApiKeys key : ApiKeys.values()) {
            maxId = Math.max(maxId, key.id);
        }
        ApiKeys[] byId = new ApiKeys[maxId + 1];
        for (ApiKeys key : ApiKeys.values()) {
            byId[key.id] = key;
        }
        return byId;
    }

    /** A nullable string of int16 length; null reads as the empty string. */
    private String readClientId(ByteBuffer frame) {
        short length = frame.getShort();
        if (length < 0) {
            return "";
        }
        if (length > frame.remaining()) {
            throw new BufferUnderflowException();
        }
        int start = frame.position();
        frame.position(start + length);
        if (sameAsLast(frame, start, length)) {
            return lastClientId;
        }
        byte[] bytes = new byte[length];
        frame.get(start, bytes);
        lastClientIdBytes = bytes;
        lastClientId = new String(bytes, StandardCharsets.UTF_8);
        return lastClientId;
    }

    private boolean sameAsLast(ByteBuffer frame, int start, int length) {
        byte[] last = lastClientIdBytes;
        if (length != last.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (frame.get(start + i) != last[i]) {
                return false;
            }
        }
        return true;
    }

    private static void skipTaggedFields(ByteBuffer frame) {
        int count = ByteUtils.readUnsignedVarint(frame);
        for (int i = 0; i < count; i++) {
            ByteUtils.readUnsignedVarint(frame);
            int size = ByteUtils.readUnsignedVarint(frame);
            if (size < 0 || size > frame.remaining()) {
                throw new BufferUnderflowException();
            }
            frame.position(frame.position() + size);
        }
    }
}
