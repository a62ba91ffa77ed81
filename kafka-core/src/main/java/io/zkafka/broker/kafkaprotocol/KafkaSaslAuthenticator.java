package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.zkafka.broker.auth.ListenerSasl;
import io.zkafka.broker.auth.SaslAuthenticationException;
import io.zkafka.broker.auth.SaslMechanismServer;
import io.zkafka.broker.network.AuthenticatedEvent;
import io.zkafka.broker.network.RejectionLog;
import io.zkafka.common.protocol.MalformedMessageException;
import io.zkafka.common.security.KafkaPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * Kafka's SASL exchange on a SASL_PLAINTEXT or SASL_SSL listener, a pipeline stage between the frame
 * decoder and the request handling. Until the client authenticated, only ApiVersions (passed on to
 * the request handling, which answers it), SaslHandshake (v0-v1) and SaslAuthenticate (v0-v2) are
 * accepted; any other request closes the connection. After SaslHandshake v1 the tokens come in
 * SaslAuthenticate requests; after v0 they come as bare size-prefixed frames (Kafka's legacy form).
 * Success fires an {@link AuthenticatedEvent} with {@code User:<name>} and removes this stage, so the
 * requests after it pass straight to the handler at no cost. Failure (a wrong password, an unknown user
 * or mechanism) answers Kafka's error code and message, then closes the connection; it is counted in
 * the listener's {@code failed-authentication-total} and logged through the listener's rate-limited
 * {@link RejectionLog}. Confined to the connection's event loop; the exchange itself is cheap (see
 * {@link SaslMechanismServer}).
 */
final class KafkaSaslAuthenticator extends ChannelInboundHandlerAdapter {
    private enum State { HANDSHAKE, AUTHENTICATE, RAW_TOKENS, DONE }

    private final KafkaRequestReader reader;
    private final ListenerSasl sasl;
    private final RejectionLog rejections;
    private State state = State.HANDSHAKE;
    private SaslMechanismServer mechanism;

    KafkaSaslAuthenticator(KafkaApis apis, ListenerSasl sasl, RejectionLog rejections) {
        this.reader = new KafkaRequestReader(apis);
        this.sasl = sasl;
        this.rejections = rejections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (state == State.DONE) {
            frame.release();
            return;
        }
        if (state == State.RAW_TOKENS) {
            rawToken(ctx, frame);
            return;
        }
        short keyId = frame.readableBytes() >= 2 ? frame.getShort(frame.readerIndex()) : -1;
        if (keyId == ApiKeys.API_VERSIONS.id && state == State.HANDSHAKE) {
            ctx.fireChannelRead(frame);
            return;
        }
        KafkaRequest request;
        try {
            request = reader.read(frame.nioBuffer());
        } catch (MalformedMessageException e) {
            fail(ctx, "bad frame before SASL authentication: " + e.getMessage());
            return;
        } finally {
            frame.release(); // the request's fields are copies
        }
        if (request.apiKey() == ApiKeys.SASL_HANDSHAKE && state == State.HANDSHAKE) {
            handshake(ctx, request);
        } else if (request.apiKey() == ApiKeys.SASL_AUTHENTICATE && state == State.AUTHENTICATE) {
            authenticate(ctx, request);
        } else {
            fail(ctx, request.apiKey() + " before SASL authentication completed (a client without SASL settings on a "
                + sasl.listenerName() + " SASL listener?)");
        }
    }

    private void handshake(ChannelHandlerContext ctx, KafkaRequest request) {
        String asked = ((SaslHandshakeRequestData) request.body()).mechanism();
        SaslHandshakeResponseData answer = new SaslHandshakeResponseData().setMechanisms(sasl.enabledMechanisms());
        mechanism = sasl.newServer(asked);
        if (mechanism == null) {
            answer.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code());
            respondAndClose(ctx, request, answer, "SASL mechanism " + asked + " is not enabled on listener "
                + sasl.listenerName() + " (enabled: " + sasl.enabledMechanisms() + ")");
            return;
        }
        state = request.version() == 0 ? State.RAW_TOKENS : State.AUTHENTICATE;
        respond(ctx, request, answer);
    }

    private void authenticate(ChannelHandlerContext ctx, KafkaRequest request) {
        byte[] token = ((SaslAuthenticateRequestData) request.body()).authBytes();
        byte[] reply;
        try {
            reply = mechanism.evaluate(token);
        } catch (SaslAuthenticationException e) {
            respondAndClose(ctx, request, new SaslAuthenticateResponseData()
                .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(e.getMessage()),
                mechanism.mechanism() + " authentication failed: " + e.logReason());
            return;
        }
        respond(ctx, request, new SaslAuthenticateResponseData().setAuthBytes(reply));
        if (mechanism.isComplete()) {
            authenticated(ctx);
        }
    }

    private void rawToken(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] token = new byte[frame.readableBytes()];
        frame.readBytes(token);
        frame.release();
        byte[] reply;
        try {
            reply = mechanism.evaluate(token);
        } catch (SaslAuthenticationException e) {
            // SaslHandshake v0 has no way to carry an error: the closed connection is the answer
            failed(ctx, mechanism.mechanism() + " authentication failed: " + e.logReason());
            ctx.close();
            return;
        }
        ByteBuf out = ctx.alloc().buffer(4 + reply.length);
        out.writeInt(reply.length).writeBytes(reply);
        ctx.writeAndFlush(out, ctx.voidPromise());
        if (mechanism.isComplete()) {
            authenticated(ctx);
        }
    }

    private void authenticated(ChannelHandlerContext ctx) {
        state = State.DONE;
        sasl.recordSuccess();
        ctx.fireUserEventTriggered(new AuthenticatedEvent(KafkaPrincipal.user(mechanism.authenticatedUser())));
        ctx.pipeline().remove(this);
    }

    private void respond(ChannelHandlerContext ctx, KafkaRequest request, ApiMessage answer) {
        List<Object> parts = new ArrayList<>(2);
        KafkaResponseWriter.write(request.apiKey(), request.version(), request.correlationId(), answer, ctx.alloc(), parts);
        for (Object part : parts) {
            ctx.write(part, ctx.voidPromise());
        }
        ctx.flush();
    }

    private void respondAndClose(ChannelHandlerContext ctx, KafkaRequest request, ApiMessage answer, String reason) {
        failed(ctx, reason);
        respond(ctx, request, answer);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        failed(ctx, reason);
        ctx.close();
    }

    private void failed(ChannelHandlerContext ctx, String reason) {
        state = State.DONE;
        sasl.recordFailure();
        rejections.log(String.valueOf(ctx.channel().remoteAddress()), reason);
    }
}
