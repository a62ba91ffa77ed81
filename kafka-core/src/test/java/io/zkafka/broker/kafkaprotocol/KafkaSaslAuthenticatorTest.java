package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zkafka.broker.auth.CredentialCache;
import io.zkafka.broker.auth.ListenerSasl;
import io.zkafka.broker.network.AuthenticatedEvent;
import io.zkafka.broker.network.RejectionLog;
import io.zkafka.common.security.KafkaPrincipal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.junit.jupiter.api.Test;

/**
 * Kafka's SASL exchange on one connection (an {@link EmbeddedChannel}): v1 with SaslAuthenticate, the
 * legacy v0 with bare tokens, ApiVersions passed on, and refusals closing the connection with every frame
 * released.
 */
class KafkaSaslAuthenticatorTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final ListenerSasl sasl = new ListenerSasl("KAFKA", List.of("PLAIN", "SCRAM-SHA-256"),
        Map.of("alice", "alice-secret"), new CredentialCache(), registry);
    private final List<Object> passedOn = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();

    private EmbeddedChannel channel() {
        KafkaApis apis = new KafkaApis()
            .register(ApiKeys.API_VERSIONS, 0, 3, exchange -> null)
            .register(ApiKeys.METADATA, 0, 12, exchange -> null)
            .register(ApiKeys.SASL_HANDSHAKE, 0, 1, new SaslStateApi())
            .register(ApiKeys.SASL_AUTHENTICATE, 0, 2, new SaslStateApi());
        return new EmbeddedChannel(new KafkaSaslAuthenticator(apis, sasl, new RejectionLog()),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passedOn.add(msg);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    events.add(event);
                }
            });
    }

    private static ByteBuf frame(ByteBuffer serialized) {
        return Unpooled.wrappedBuffer(serialized);
    }

    private static ByteBuf handshake(short version, String mechanism) {
        return frame(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism(mechanism)).build(version)
            .serializeWithHeader(new RequestHeader(ApiKeys.SASL_HANDSHAKE, version, "c", 1)));
    }

    private static ByteBuf authenticate(short version, String token) {
        return frame(new SaslAuthenticateRequest.Builder(new SaslAuthenticateRequestData()
            .setAuthBytes(token.getBytes(StandardCharsets.UTF_8))).build(version)
            .serializeWithHeader(new RequestHeader(ApiKeys.SASL_AUTHENTICATE, version, "c", 2)));
    }

    /** The response body of the next frame written (size and header v0/v1 skipped). */
    private static ByteBuffer response(EmbeddedChannel channel, int headerBytes) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        int size = all.readInt();
        assertEquals(size, all.readableBytes());
        all.skipBytes(headerBytes);
        byte[] body = new byte[all.readableBytes()];
        all.readBytes(body);
        return ByteBuffer.wrap(body);
    }

    private long failed() {
        return registry.meter(ListenerSasl.failedMetricName("KAFKA")).getCount();
    }

    @Test
    void shouldAuthenticateWithVersionOneThenGetOutOfTheWay() {
        EmbeddedChannel channel = channel();
        ByteBuf apiVersions = frame(new ApiVersionsRequest.Builder(new ApiVersionsRequestData(), (short) 3, (short) 3)
            .build((short) 3).serializeWithHeader(new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "c", 0)));
        channel.writeInbound(apiVersions);
        assertEquals(List.of(apiVersions), passedOn, "ApiVersions goes on to the request handling");
        apiVersions.release();

        channel.writeInbound(handshake((short) 1, "PLAIN"));
        SaslHandshakeResponseData handshake = new SaslHandshakeResponseData(new ByteBufferAccessor(
            response(channel, 4)), (short) 1);
        assertEquals(Errors.NONE.code(), handshake.errorCode());
        assertEquals(List.of("PLAIN", "SCRAM-SHA-256"), handshake.mechanisms());

        channel.writeInbound(authenticate((short) 2, "\0alice\0alice-secret"));
        SaslAuthenticateResponseData answer = new SaslAuthenticateResponseData(new ByteBufferAccessor(
            response(channel, 5)), (short) 2);
        assertEquals(Errors.NONE.code(), answer.errorCode());
        assertEquals(List.of(new AuthenticatedEvent(KafkaPrincipal.user("alice"))), events);
        assertNull(channel.pipeline().get(KafkaSaslAuthenticator.class), "the stage left the pipeline");
        assertEquals(1, registry.meter(ListenerSasl.successfulMetricName("KAFKA")).getCount());

        ByteBuf metadata = frame(new MetadataRequest(new MetadataRequestData(), (short) 4)
            .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, (short) 4, "c", 3)));
        channel.writeInbound(metadata);
        assertEquals(metadata, passedOn.get(1), "requests after authentication go straight on");
        metadata.release();
        assertTrue(channel.isActive());
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldTakeBareTokensAfterAVersionZeroHandshake() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(handshake((short) 0, "PLAIN"));
        response(channel, 4);
        channel.writeInbound(Unpooled.wrappedBuffer("\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8)));
        ByteBuf raw = channel.readOutbound();
        assertEquals(0, raw.readInt(), "an empty server token, size-prefixed and nothing else");
        assertFalse(raw.isReadable());
        raw.release();
        assertEquals(List.of(new AuthenticatedEvent(KafkaPrincipal.user("alice"))), events);

        EmbeddedChannel refused = channel();
        refused.writeInbound(handshake((short) 0, "PLAIN"));
        response(refused, 4);
        refused.writeInbound(Unpooled.wrappedBuffer("\0alice\0nope".getBytes(StandardCharsets.UTF_8)));
        assertFalse(refused.isActive(), "v0 has no error to send: the connection closes");
        assertEquals(1, failed());
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseAWrongPasswordAnUnknownMechanismAndRequestsBeforeAuthentication() {
        EmbeddedChannel wrong = channel();
        wrong.writeInbound(handshake((short) 1, "PLAIN"));
        response(wrong, 4);
        wrong.writeInbound(authenticate((short) 1, "\0alice\0nope"));
        SaslAuthenticateResponseData answer = new SaslAuthenticateResponseData(new ByteBufferAccessor(
            response(wrong, 4)), (short) 1);
        assertEquals(Errors.SASL_AUTHENTICATION_FAILED.code(), answer.errorCode());
        assertEquals("Authentication failed: Invalid username or password", answer.errorMessage());
        assertFalse(wrong.isActive());

        EmbeddedChannel mechanism = channel();
        mechanism.writeInbound(handshake((short) 1, "GSSAPI"));
        SaslHandshakeResponseData handshake = new SaslHandshakeResponseData(new ByteBufferAccessor(
            response(mechanism, 4)), (short) 1);
        assertEquals(Errors.UNSUPPORTED_SASL_MECHANISM.code(), handshake.errorCode());
        assertFalse(mechanism.isActive());

        EmbeddedChannel early = channel();
        ByteBuf metadata = frame(new MetadataRequest(new MetadataRequestData(), (short) 4)
            .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, (short) 4, "c", 3)));
        early.writeInbound(metadata);
        assertEquals(0, metadata.refCnt(), "the refused frame was released");
        assertFalse(early.isActive());
        assertTrue(passedOn.isEmpty() && events.isEmpty());
        assertEquals(3, failed());
    }
}
