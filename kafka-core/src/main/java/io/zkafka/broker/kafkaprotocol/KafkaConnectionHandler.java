package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.broker.network.RequestMetrics;
import io.zkafka.broker.network.SerialExecutor;
import io.zkafka.common.protocol.MalformedMessageException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection on a Kafka listener, shaped as the native listener's: the event loop decodes a
 * frame (Kafka's generated classes) and queues the request; a request handler thread serves it
 * through its {@link KafkaApi}, one request of this connection at a time; answers are written in
 * request order (Kafka clients match them by order as well as by correlation id). A frame that
 * does not decode, an unknown api key or an unsupported version closes this connection with a
 * logged reason (Kafka's broker does the same); ApiVersions above the advertised version gets
 * the version 0 answer with the supported versions. Too many outstanding requests pause reading.
 *
 * <p>{@code outstanding} is confined to the channel's event loop.
 */
final class KafkaConnectionHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(KafkaConnectionHandler.class);
    private static final int MAX_OUTSTANDING = 64;

    private static final class Slot {
        final KafkaRequest request;
        ApiMessage response;
        boolean done;

        Slot(KafkaRequest request) {
            this.request = request;
        }
    }

    private final KafkaApis apis;
    private final KafkaRequestReader reader;
    private final RequestDispatcher dispatcher;
    private final Executor requestQueue;
    private final RequestMetrics metrics;
    private final RejectionLog rejections;
    private final ArrayDeque<Slot> outstanding = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CompletionStage<Void> closedView = closed.minimalCompletionStage();
    private ChannelHandlerContext ctx;
    private String peer = "?";

    KafkaConnectionHandler(KafkaApis apis, RequestDispatcher dispatcher, Executor handlerPool, RequestMetrics metrics,
                           RejectionLog rejections) {
        super(false);
        this.apis = apis;
        this.reader = new KafkaRequestReader(apis);
        this.dispatcher = dispatcher;
        this.requestQueue = new SerialExecutor(handlerPool);
        this.metrics = metrics;
        this.rejections = rejections;
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
        KafkaRequest request;
        try {
            request = reader.read(frame.nioBuffer());
        } catch (MalformedMessageException e) {
            frame.release();
            closeFor(e.getMessage());
            return;
        }
        long receivedNanos = System.nanoTime();
        Slot slot = new Slot(request);
        outstanding.add(slot);
        if (outstanding.size() >= MAX_OUTSTANDING) {
            ctx.channel().config().setAutoRead(false);
        }
        if (request.isUnsupportedApiVersions()) {
            frame.release();
            complete(slot, new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(apis.advertised()), receivedNanos, null);
            return;
        }
        KafkaExchange exchange = new KafkaExchange(request, peer, receivedNanos, closedView, dispatcher);
        requestQueue.execute(() -> handle(exchange, frame, slot, receivedNanos));
    }

    private void handle(KafkaExchange exchange, ByteBuf frame, Slot slot, long receivedNanos) {
        CompletableFuture<? extends ApiMessage> response;
        try {
            response = apis.api(slot.request.apiKey()).handle(exchange);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        } finally {
            frame.release();
        }
        response.whenComplete((body, error) -> ctx.executor().execute(() -> complete(slot, body, receivedNanos, error)));
    }

    private void complete(Slot slot, ApiMessage body, long receivedNanos, Throwable error) {
        io.zkafka.common.protocol.ApiKeys nativeKey = io.zkafka.common.protocol.ApiKeys.forId(slot.request.apiKey().id);
        if (nativeKey != null) {
            metrics.record(nativeKey, System.nanoTime() - receivedNanos, error != null);
        }
        if (error != null) {
            log.error("Serving {} v{} (correlation id {}) from {} failed; closing the connection",
                slot.request.apiKey(), slot.request.version(), slot.request.correlationId(), peer, error);
            ctx.close();
            return;
        }
        slot.response = body;
        slot.done = true;
        writeReadyResponses();
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
            KafkaRequest request = slot.request;
            short version = request.isUnsupportedApiVersions() ? 0 : request.version();
            try {
                KafkaResponseWriter.write(request.apiKey(), version, request.correlationId(), slot.response, ctx.alloc(),
                    parts);
            } catch (RuntimeException e) {
                log.error("Encoding the {} v{} answer (correlation id {}) to {} failed; closing the connection",
                    request.apiKey(), version, request.correlationId(), peer, e);
                ctx.close();
                return;
            }
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
        rejections.log(peer, reason);
        metrics.recordRejectedConnection();
        ctx.close();
    }
}
