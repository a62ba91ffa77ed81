package io.zkafka.clients.internals;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.AuthenticationException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.SslAuthenticationException;
import io.zkafka.common.message.SaslAuthenticateRequest;
import io.zkafka.common.message.SaslAuthenticateResponse;
import io.zkafka.common.message.SaslHandshakeRequest;
import io.zkafka.common.message.SaslHandshakeResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.MalformedMessageException;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageCodec;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RequestHeader;
import io.zkafka.common.security.SaslClientConfig;
import io.zkafka.common.security.SaslClientMechanism;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * One connection to one broker. Requests are written in order and the broker answers in order, so
 * the oldest outstanding request owns the next response. A request that times out, a malformed
 * response or a closed socket fails every outstanding request and closes the connection (a late
 * answer could no longer be matched).
 *
 * <p>Confined to the channel's event loop: {@link #send} hops onto it.
 */
final class BrokerConnection extends SimpleChannelInboundHandler<ByteBuf> {

    private record Pending(int correlationId, CompletableFuture<ReceivedMessage> future,
                           ScheduledFuture<?> timeout, String description, long sentNanos) {
    }

    private final String address;
    /** Null when nothing measures this connection (brokers' own clients). */
    private final NetworkMetrics metrics;
    private final SaslClientConfig sasl;
    private final Function<Message, RequestHeader> headers;
    private final long saslTimeoutMs;
    private final MessageCodec codec = new MessageCodec();
    private final ArrayDeque<Pending> outstanding = new ArrayDeque<>();
    private final ArrayDeque<Runnable> waitingForConnect = new ArrayDeque<>();
    private Channel channel;
    /** Written on the event loop, read by any thread (connection-count, reuse). */
    private volatile boolean connected;
    private volatile boolean closed;
    private ApiException closeReason;

    BrokerConnection(String address) {
        this(address, null, null, null, 0);
    }

    /**
     * {@code metrics}: where this connection is counted, or null. With {@code sasl}, the connection
     * authenticates before the first request goes out.
     */
    BrokerConnection(String address, NetworkMetrics metrics, SaslClientConfig sasl,
                     Function<Message, RequestHeader> headers, long saslTimeoutMs) {
        super(false);
        this.address = address;
        this.metrics = metrics;
        this.sasl = sasl;
        this.headers = headers;
        this.saslTimeoutMs = Math.max(saslTimeoutMs, 10_000);
    }

    String address() {
        return address;
    }

    /** Binds the (registered, maybe still connecting) channel. Called once, before any send. */
    void bind(Channel channel) {
        this.channel = channel;
    }

    /** The connect attempt finished. Runs on the event loop; queued sends go out in order or fail. */
    void connectDone(ApiException failure) {
        if (failure == null && sasl != null) {
            authenticate();
            return;
        }
        if (failure == null) {
            connected = true;
            if (metrics != null) {
                metrics.connectionCreated();
            }
        } else {
            closed = true;
            closeReason = failure;
        }
        releaseWaiting();
    }

    private void releaseWaiting() {
        Runnable write;
        while ((write = waitingForConnect.poll()) != null) {
            write.run();
        }
    }

    /**
     * The SASL exchange (native SaslHandshake, then SaslAuthenticate per token), before any queued request.
     * A refusal fails the queued requests with a non-retriable {@link AuthenticationException} and closes
     * the connection; a lost connection fails them as any lost connection does.
     */
    private void authenticate() {
        SaslClientMechanism mechanism = sasl.newMechanism();
        exchange(new SaslHandshakeRequest(mechanism.mechanism()), (SaslHandshakeResponse answer) -> {
            if (answer.error() != Errors.NONE) {
                authenticationFailed(new AuthenticationException(answer.error(), "Broker " + address + " refused SASL "
                    + "mechanism " + mechanism.mechanism() + " (" + answer.error() + "); it enables " + answer.mechanisms()));
                return;
            }
            sendToken(mechanism, mechanism.firstToken());
        });
    }

    private void sendToken(SaslClientMechanism mechanism, byte[] token) {
        exchange(new SaslAuthenticateRequest(token), (SaslAuthenticateResponse answer) -> {
            if (answer.error() != Errors.NONE) {
                authenticationFailed(new AuthenticationException(answer.error(), "SASL " + mechanism.mechanism()
                    + " authentication of user " + sasl.username() + " with broker " + address + " failed: "
                    + answer.errorMessage()));
                return;
            }
            byte[] next;
            try {
                next = mechanism.evaluate(answer.authBytes());
            } catch (SaslClientMechanism.SaslClientException e) {
                authenticationFailed(new AuthenticationException(Errors.SASL_AUTHENTICATION_FAILED, "SASL "
                    + mechanism.mechanism() + " with broker " + address + " failed: " + e.getMessage()));
                return;
            }
            if (mechanism.isComplete()) {
                connected = true;
                if (metrics != null) {
                    metrics.connectionCreated();
                }
                releaseWaiting();
            } else {
                sendToken(mechanism, next);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <R extends Message> void exchange(Message request, Consumer<R> onAnswer) {
        CompletableFuture<ReceivedMessage> answer = new CompletableFuture<>();
        write(headers.apply(request), request, true, saslTimeoutMs, answer);
        answer.whenComplete((received, error) -> {
            if (error != null) {
                failAll(error instanceof ApiException api ? api : disconnected(error.toString()));
                releaseWaiting();
                return;
            }
            R body = (R) received.body();
            received.release();
            onAnswer.accept(body);
        });
    }

    private void authenticationFailed(AuthenticationException cause) {
        closeReason = cause;
        failAll(cause);
        releaseWaiting();
    }

    /** Connected and not closed yet. Any thread. */
    boolean isActive() {
        return connected && !closed;
    }

    /** False once the connection failed or closed: the client then opens a new one. */
    boolean isUsable() {
        return !closed;
    }

    /**
     * Sends a request. The future completes with the response (which the caller must release when it
     * holds a frame), or with a response-less completion ({@code null}) when {@code expectResponse}
     * is false (acks=0 produce), or fails with a {@link RetriableException}.
     */
    CompletableFuture<ReceivedMessage> send(RequestHeader header, Message body, boolean expectResponse,
                                            long timeoutMs) {
        CompletableFuture<ReceivedMessage> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (!connected && !closed) {
                waitingForConnect.add(() -> write(header, body, expectResponse, timeoutMs, future));
            } else {
                write(header, body, expectResponse, timeoutMs, future);
            }
        });
        return future;
    }

    private void write(RequestHeader header, Message body, boolean expectResponse, long timeoutMs,
                       CompletableFuture<ReceivedMessage> future) {
        if (closed || !channel.isActive()) {
            future.completeExceptionally(closeReason != null ? closeReason : disconnected("connection is closed"));
            return;
        }
        List<Object> parts = new ArrayList<>(4);
        try {
            codec.encodeRequest(header, body, channel.alloc(), parts);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        String description = header.apiKey() + " " + header.correlationId() + " to " + address;
        if (expectResponse) {
            ScheduledFuture<?> timeout = channel.eventLoop().schedule(
                () -> failAll(new RetriableException(Errors.REQUEST_TIMED_OUT, description + " timed out after "
                    + timeoutMs + " ms")), timeoutMs, TimeUnit.MILLISECONDS);
            outstanding.add(new Pending(header.correlationId(), future, timeout, description, System.nanoTime()));
        }
        if (metrics != null) {
            metrics.requestSent(sizeOf(parts));
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            channel.write(parts.get(i), channel.voidPromise());
        }
        if (expectResponse) {
            channel.writeAndFlush(parts.get(parts.size() - 1), channel.voidPromise());
        } else {
            channel.writeAndFlush(parts.get(parts.size() - 1)).addListener(done -> {
                if (done.isSuccess()) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(disconnected(done.cause().toString()));
                }
            });
        }
    }

    private static int sizeOf(List<Object> parts) {
        long bytes = 0;
        for (Object part : parts) {
            if (part instanceof ByteBuf buf) {
                bytes += buf.readableBytes();
            } else if (part instanceof FileRegion region) {
                bytes += region.count();
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        int frameBytes = frame.readableBytes() + Integer.BYTES;
        ReceivedMessage response;
        try {
            response = codec.decodeResponse(frame, true);
        } catch (MalformedMessageException e) {
            failAll(disconnected("malformed response: " + e.getMessage()));
            return;
        }
        Pending pending = outstanding.poll();
        if (pending == null || pending.correlationId != response.correlationId()) {
            response.release();
            failAll(disconnected("response " + response.correlationId() + " does not match the request sent "
                + (pending == null ? "(none outstanding)" : pending.correlationId)));
            if (pending != null) {
                pending.future.completeExceptionally(disconnected("response out of order"));
            }
            return;
        }
        pending.timeout.cancel(false);
        if (metrics != null) {
            metrics.responseReceived(frameBytes, System.nanoTime() - pending.sentNanos);
        }
        pending.future.complete(response);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll(disconnected("connection closed by the broker"));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            // before the close that follows, so that requests fail with the reason rather than "closed"
            String why = "TLS handshake with broker " + address + " failed: " + rootMessage(handshake.cause());
            if (isRefusal(handshake.cause())) {
                // a certificate or protocol problem will not go away by reconnecting: fail at once, as Kafka's client does
                SslAuthenticationException refused = new SslAuthenticationException(why);
                closeReason = refused;
                failAll(refused);
            } else {
                failAll(new RetriableException(Errors.NETWORK_EXCEPTION, why));
            }
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Whether a failed handshake was refused by TLS itself (not a connection that went away mid-way). */
    private static boolean isRefusal(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
            if (t instanceof IOException) {
                return false; // a closed channel, a reset: the connection went away, the next may do better
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(disconnected(cause.toString()));
    }

    /** Closes the connection; outstanding requests fail. Safe from any thread. */
    void close() {
        if (channel == null) {
            return;
        }
        channel.eventLoop().execute(() -> failAll(disconnected("client closed the connection")));
    }

    private void failAll(ApiException cause) {
        if (metrics != null && connected && !closed) {
            metrics.connectionClosed();
        }
        closed = true;
        if (closeReason == null) {
            closeReason = cause;
        }
        Pending pending;
        while ((pending = outstanding.poll()) != null) {
            pending.timeout.cancel(false);
            pending.future.completeExceptionally(cause);
        }
        if (channel != null) {
            channel.close();
        }
    }

    private RetriableException disconnected(String why) {
        return new RetriableException(Errors.NETWORK_EXCEPTION, "Connection to broker " + address + " failed: " + why);
    }
}
