package io.zkafka.broker.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.zkafka.broker.network.AuthenticatedEvent;
import io.zkafka.broker.network.RejectionLog;
import io.zkafka.common.message.ApiVersionsResponse;
import io.zkafka.common.message.SaslAuthenticateRequest;
import io.zkafka.common.message.SaslAuthenticateResponse;
import io.zkafka.common.message.SaslHandshakeRequest;
import io.zkafka.common.message.SaslHandshakeResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.MalformedMessageException;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageCodec;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.security.KafkaPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * The SASL exchange on the native listener when its security protocol is SASL_PLAINTEXT or SASL_SSL: a
 * pipeline stage between the frame decoder and the request handling, the native twin of the Kafka
 * listener's. Before authentication only ApiVersions (answered here), SaslHandshake and SaslAuthenticate
 * are accepted; anything else closes the connection. Success fires an {@link AuthenticatedEvent} and
 * removes this stage, so requests after it cost nothing extra. Failure answers the error and the reason,
 * counts it in the listener's {@code failed-authentication-total}, logs a rate-limited line and closes
 * the connection. Confined to the connection's event loop.
 */
public final class NativeSaslAuthenticator extends ChannelInboundHandlerAdapter {
    private final ListenerSasl sasl;
    private final RejectionLog rejections;
    private final MessageCodec codec = new MessageCodec();
    private SaslMechanismServer mechanism;
    private boolean done;

    public NativeSaslAuthenticator(ListenerSasl sasl, RejectionLog rejections) {
        this.sasl = sasl;
        this.rejections = rejections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (done) {
            frame.release();
            return;
        }
        ReceivedMessage request;
        try {
            request = codec.decodeRequest(frame);
        } catch (MalformedMessageException e) {
            fail(ctx, "bad frame before SASL authentication: " + e.getMessage());
            return;
        }
        try {
            ApiKeys key = request.header().apiKey();
            if (key == ApiKeys.API_VERSIONS && mechanism == null) {
                respond(ctx, request, ApiVersionsResponse.ofThisBuild());
            } else if (key == ApiKeys.SASL_HANDSHAKE && mechanism == null) {
                handshake(ctx, request, (SaslHandshakeRequest) request.body());
            } else if (key == ApiKeys.SASL_AUTHENTICATE && mechanism != null) {
                authenticate(ctx, request, (SaslAuthenticateRequest) request.body());
            } else {
                fail(ctx, key + " before SASL authentication completed (a client without SASL settings on the "
                    + sasl.listenerName() + " SASL listener?)");
            }
        } finally {
            request.release();
        }
    }

    private void handshake(ChannelHandlerContext ctx, ReceivedMessage request, SaslHandshakeRequest handshake) {
        mechanism = sasl.newServer(handshake.mechanism());
        if (mechanism == null) {
            respondAndClose(ctx, request, new SaslHandshakeResponse(Errors.UNSUPPORTED_SASL_MECHANISM,
                sasl.enabledMechanisms()), "SASL mechanism " + handshake.mechanism() + " is not enabled on listener "
                + sasl.listenerName() + " (enabled: " + sasl.enabledMechanisms() + ")");
            return;
        }
        respond(ctx, request, new SaslHandshakeResponse(Errors.NONE, sasl.enabledMechanisms()));
    }

    private void authenticate(ChannelHandlerContext ctx, ReceivedMessage request, SaslAuthenticateRequest token) {
        byte[] reply;
        try {
            reply = mechanism.evaluate(token.authBytes() == null ? new byte[0] : token.authBytes());
        } catch (SaslAuthenticationException e) {
            respondAndClose(ctx, request, new SaslAuthenticateResponse(Errors.SASL_AUTHENTICATION_FAILED, e.getMessage(),
                null), mechanism.mechanism() + " authentication failed: " + e.logReason());
            return;
        }
        respond(ctx, request, new SaslAuthenticateResponse(Errors.NONE, null, reply));
        if (mechanism.isComplete()) {
            done = true;
            sasl.recordSuccess();
            ctx.fireUserEventTriggered(new AuthenticatedEvent(KafkaPrincipal.user(mechanism.authenticatedUser())));
            ctx.pipeline().remove(this);
        }
    }

    private void respond(ChannelHandlerContext ctx, ReceivedMessage request, Message answer) {
        List<Object> parts = new ArrayList<>(2);
        codec.encodeResponse(request.header().correlationId(), request.header().apiVersion(), answer, ctx.alloc(), parts);
        for (Object part : parts) {
            ctx.write(part, ctx.voidPromise());
        }
        ctx.flush();
    }

    private void respondAndClose(ChannelHandlerContext ctx, ReceivedMessage request, Message answer, String reason) {
        failed(ctx, reason);
        respond(ctx, request, answer);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        failed(ctx, reason);
        ctx.close();
    }

    private void failed(ChannelHandlerContext ctx, String reason) {
        done = true;
        sasl.recordFailure();
        rejections.log(String.valueOf(ctx.channel().remoteAddress()), reason);
    }
}
