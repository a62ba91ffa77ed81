package io.zkafka.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.zkafka.common.protocol.MalformedMessageException;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageCodec;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RequestHeader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. The event loop decodes each frame and queues the request; a request
 * handler thread runs the API handler, one request of this connection at a time; responses are
 * written in request order even when they complete out of order (a reorder queue). A malformed
 * frame closes this connection only, with a logged reason. When too many requests are
 * outstanding the connection stops reading until they drain. Every request's context carries the
 * same close stage, completed when the channel goes inactive.
 *
 * <p>{@code outstanding} and the codec are confined to the channel's event loop.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_OUTSTANDING = 64;

    private static final class Slot {
        final RequestHeader header;
        Message response;
        boolean done;

        Slot(RequestHeader header) {
            this.header = header;
        }
    }

    private final RequestDispatcher dispatcher;
    private final Executor requestQueue;
    private final RequestMetrics metrics;
    private final MessageCodec codec = new MessageCodec();
    private final ArrayDeque<Slot> outstanding = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** What request contexts see of {@link #closed}: a read-only view, one object for the connection's life. */
    private final CompletionStage<Void> closedView = closed.minimalCompletionStage();
    private ChannelHandlerContext ctx;
    private String peer = "?";

    ConnectionHandler(RequestDispatcher dispatcher, Executor handlerPool, RequestMetrics metrics) {
        super(false);
        this.dispatcher = dispatcher;
        this.requestQueue = new SerialExecutor(handlerPool);
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.peer = String.valueOf(ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        ReceivedMessage request;
        try {
            request = codec.decodeRequest(frame);
        } catch (MalformedMessageException e) {
            closeFor("malformed request: " + e.getMessage());
            return;
        }
        long receivedNanos = System.nanoTime();
        Slot slot = new Slot(request.header());
        outstanding.add(slot);
        if (outstanding.size() >= MAX_OUTSTANDING) {
            ctx.channel().config().setAutoRead(false);
        }
        RequestContext context = new RequestContext(request.header(), peer, receivedNanos, closedView);
        requestQueue.execute(() -> handle(context, request, slot));
    }

    private void handle(RequestContext context, ReceivedMessage request, Slot slot) {
        CompletableFuture<? extends Message> response;
        try {
            response = dispatcher.dispatch(context, request.body());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        } finally {
            request.release();
        }
        response.whenComplete((body, error) -> ctx.executor().execute(() -> {
            metrics.record(context.header().apiKey(), System.nanoTime() - context.receivedNanos(), error != null);
            if (error != null) {
                log.error("Handling {} from {} failed; closing the connection", context.header(), peer, error);
                ctx.close();
                return;
            }
            slot.response = body;
            slot.done = true;
            writeReadyResponses();
        }));
    }

    private void writeReadyResponses() {
        boolean wrote = false;
        List<Object> parts = new ArrayList<>(4);
        while (!outstanding.isEmpty() && outstanding.peek().done) {
            Slot slot = outstanding.poll();
            if (slot.response == null) {
                continue;
            }
            parts.clear();
            codec.encodeResponse(slot.header.correlationId(), slot.header.apiVersion(), slot.response,
                ctx.alloc(), parts);
            for (Object part : parts) {
                ctx.write(part, ctx.voidPromise());
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (outstanding.size() < MAX_OUTSTANDING / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            closeFor("bad frame: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", peer, cause.toString());
            ctx.close();
        } else {
            log.warn("Unexpected error on connection from {}; closing it", peer, cause);
            ctx.close();
        }
    }

    private void closeFor(String reason) {
        log.warn("Closing connection from {}: {}", peer, reason);
        metrics.recordRejectedConnection();
        ctx.close();
    }
}
