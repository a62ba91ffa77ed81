package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.MalformedMessageException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;

/** The request header read by hand holds what Kafka's {@code RequestHeaderData} wrote, at both header versions. */
class KafkaRequestReaderTest {
    private static final short FLEXIBLE = 12;   // Metadata v12: header version 2, tagged fields
    private static final short RIGID = 8;       // Metadata v8: header version 1

    private final KafkaRequestReader reader = new KafkaRequestReader(metadataOnly());

    @Test
    void shouldReadTheHeaderAndBodyAtBothHeaderVersions() {
        for (short version : new short[] {RIGID, FLEXIBLE}) {
            KafkaRequest request = reader.read(frame(version, 42, "client-é", false));
            assertEquals(ApiKeys.METADATA, request.apiKey());
            assertEquals(version, request.version());
            assertEquals(42, request.correlationId());
            assertEquals("client-é", request.clientId());
            assertEquals("orders", ((MetadataRequestData) request.body()).topics().get(0).name(), "at v" + version);
        }
    }

    @Test
    void shouldSkipTheHeadersTaggedFields() {
        KafkaRequest request = reader.read(frame(FLEXIBLE, 7, "tagged", true));
        assertEquals(7, request.correlationId());
        assertEquals("tagged", request.clientId());
        assertEquals("orders", ((MetadataRequestData) request.body()).topics().get(0).name());
    }

    @Test
    void shouldReuseTheClientIdWhileItStaysTheSame() {
        String first = reader.read(frame(FLEXIBLE, 1, "producer-1", false)).clientId();
        assertSame(first, reader.read(frame(FLEXIBLE, 2, "producer-1", false)).clientId());
        String other = reader.read(frame(FLEXIBLE, 3, "producer-2", false)).clientId();
        assertEquals("producer-2", other);
        assertEquals("producer-1", reader.read(frame(FLEXIBLE, 4, "producer-1", false)).clientId());
        assertNotSame(first, reader.read(frame(RIGID, 5, "producer-0", false)).clientId());
    }

    @Test
    void shouldReadANullClientIdAsEmpty() {
        assertEquals("", reader.read(frame(FLEXIBLE, 1, null, false)).clientId());
        assertEquals("", reader.read(frame(RIGID, 1, null, false)).clientId());
    }

    @Test
    void shouldRefuseEveryTruncatedHeader() {
        ByteBuffer whole = frame(FLEXIBLE, 9, "truncated", true);
        int headerBytes = header(FLEXIBLE, 9, "truncated", true).size(new ObjectSerializationCache(), (short) 2);
        for (int length = 0; length < headerBytes; length++) {
            ByteBuffer cut = whole.duplicate().limit(length);
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> reader.read(cut),
                "a header cut at " + length + " bytes");
            assertTrue(e.getMessage().contains("header"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAClientIdOrTaggedFieldLongerThanTheFrame() {
        ByteBuffer longClientId = frame(FLEXIBLE, 1, "abc", false);
        longClientId.putShort(8, Short.MAX_VALUE);
        assertThrows(MalformedMessageException.class, () -> reader.read(longClientId));

        ByteBuffer longTag = frame(FLEXIBLE, 1, "abc", true);
        int sizeAt = 8 + 2 + 3 + 1 + 1;   // after the fixed fields, the client id, the field count and the tag
        longTag.put(sizeAt, (byte) 0x7f);
        assertThrows(MalformedMessageException.class, () -> reader.read(longTag));
    }

    @Test
    void shouldRefuseAnUnknownApiKey() {
        for (short id : new short[] {-1, 999, Short.MAX_VALUE, Short.MIN_VALUE}) {
            ByteBuffer frame = frame(FLEXIBLE, 1, "abc", false);
            frame.putShort(0, id);
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> reader.read(frame));
            assertEquals("unknown api key " + id, e.getMessage());
        }
    }

    private static KafkaApis metadataOnly() {
        KafkaApis apis = new KafkaApis();
        apis.register(ApiKeys.METADATA, 0, 12, exchange -> CompletableFuture.completedFuture(null));
        return apis;
    }

    private static RequestHeaderData header(short version, int correlationId, String clientId, boolean tagged) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
            .setRequestApiVersion(version).setCorrelationId(correlationId).setClientId(clientId);
        if (tagged) {
            header.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {1, 2, 3}));
        }
        return header;
    }

    private static ByteBuffer frame(short version, int correlationId, String clientId, boolean tagged) {
        RequestHeaderData header = header(version, correlationId, clientId, tagged);
        ApiMessage body = new MetadataRequestData().setTopics(List.of(
            new MetadataRequestData.MetadataRequestTopic().setName("orders")));
        return KafkaRequestFrames.encode(header, body, version);
    }
}
