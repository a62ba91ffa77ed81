package io.zkafka.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.MalformedMessageException;
import io.zkafka.common.security.KafkaPrincipal;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, whatever its protocol. The event loop decodes each frame and queues the
 * request; a request handler thread serves it, one request of this connection at a time; answers
 * are written in request order even when they complete out of order (a reorder queue). The APIs
 * {@link RequestThreads} names are served on the event loop itself when none of this connection's
 * earlier requests is still being served, so the order holds there too. A frame
 * that does not decode closes this connection only, with a rate-limited log line. When too many
 * requests are outstanding the connection stops reading until they drain. Every request sees the
 * same close stage, completed when the channel goes inactive, and the principal announced by the
 * last {@link AuthenticatedEvent} before it (anonymous until one comes). An answer that takes its
 * client over a byte-rate quota ({@link ClientQuotas}) is sent at once, telling the client how long
 * to wait where the protocol can ({@link #reportThrottle}), and the connection then stops reading
 * for that long, so a client that does not wait is held back all the same.
 *
 * <p>The protocol is the subclass's: how a frame decodes ({@link #decode}, which then owns the
 * frame until {@link #release}), how a request is served and how its answer is encoded.
 * {@code outstanding} is confined to the channel's event loop.
 *
 * @param <R> a decoded request
 */
public abstract class OrderedConnectionHandler<R> extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(OrderedConnectionHandler.class);
    private static final int MAX_OUTSTANDING = 64;

    private final class Slot {
        final R request;
        final long receivedNanos;
        final int requestBytes;
        Object answer;
        boolean done;

        Slot(R request, long receivedNanos, int requestBytes) {
            this.request = request;
            this.receivedNanos = receivedNanos;
            this.requestBytes = requestBytes;
        }
    }

    /** What an answer uses of its client's byte-rate quota. */
    public record QuotaUse(ClientQuotas.Kind kind, String clientId, long bytes) {
    }

    private final SerialExecutor requestQueue;
    private final RequestThreads threads;
    private final RequestMetrics metrics;
    private final RejectionLog rejections;
    private final ClientQuotas quotas;
    private final ArrayDeque<Slot> outstanding = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** What requests see of {@link #closed}: a read-only view, one object for the connection's life. */
    private final CompletionStage<Void> closedView = closed.minimalCompletionStage();
    private ChannelHandlerContext ctx;
    private String peer = "?";
    /** Written on the event loop, read by request handler threads. */
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;
    /** Whether the connection is paused for a quota, until {@link #pausedUntilNanos}; event loop only. */
    private boolean paused;
    private long pausedUntilNanos;

    protected OrderedConnectionHandler(RequestThreads threads, RequestMetrics metrics, RejectionLog rejections,
                                       ClientQuotas quotas) {
        super(false);
        this.threads = threads;
        this.requestQueue = new SerialExecutor(threads.handlerPool());
        this.metrics = metrics;
        this.rejections = rejections;
        this.quotas = quotas;
    }

    /** Decodes a frame, taking it over (released through {@link #release}); on failure releases it and throws. */
    protected abstract R decode(ByteBuf frame);

    /** Serves a request on a request handler thread; a null answer sends nothing. */
    protected abstract CompletableFuture<?> serve(R request, long receivedNanos);

    /** An answer that needs no handler thread (sent in order all the same), or null. */
    protected Object answerAtOnce(R request) {
        return null;
    }

    /** Releases what {@link #decode} took over, once the request has been served. */
    protected abstract void release(R request);

    /** Adds the answer's frame parts, in order, to {@code parts}. */
    protected abstract void encode(R request, Object answer, ByteBufAllocator alloc, List<Object> parts);

    /** The API to record the request under in the request metrics, or null. */
    protected abstract ApiKeys metricsKey(R request);

    /** The request, for a log line. */
    protected abstract String describe(R request);

    /** What the answer uses of a byte-rate quota ({@code requestBytes}: the request's frame), or null for none. */
    protected QuotaUse quotaUse(R request, Object answer, int requestBytes) {
        return null;
    }

    /** Puts the time the client must wait into the answer, for a protocol that has a place for it. */
    protected void reportThrottle(R request, Object answer, int throttleMs) {
    }

    protected final String peer() {
        return peer;
    }

    protected final CompletionStage<Void> connectionClosed() {
        return closedView;
    }

    /** Who this connection authenticated as. */
    protected final KafkaPrincipal principal() {
        return principal;
    }

    /** Records who the connection authenticated as, for the requests that follow. */
    protected final void authenticatedAs(KafkaPrincipal principal) {
        this.principal = principal;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof AuthenticatedEvent authenticated) {
            authenticatedAs(authenticated.principal());
        }
        ctx.fireUserEventTriggered(event);
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
        int requestBytes = frame.readableBytes();
        R request;
        try {
            request = decode(frame);
        } catch (MalformedMessageException e) {
            closeFor(e.getMessage());
            return;
        }
        long receivedNanos = System.nanoTime();
        Slot slot = new Slot(request, receivedNanos, requestBytes);
        outstanding.add(slot);
        if (outstanding.size() >= MAX_OUTSTANDING) {
            ctx.channel().config().setAutoRead(false);
        }
        Object atOnce = answerAtOnce(request);
        if (atOnce != null) {
            release(request);
            complete(slot, atOnce, null);
            return;
        }
        if (threads.servesOnNetworkThread(metricsKey(request)) && requestQueue.isIdle()) {
            handle(slot);
        } else {
            requestQueue.execute(() -> handle(slot));
        }
    }

    private void handle(Slot slot) {
        CompletableFuture<?> answer;
        try {
            answer = serve(slot.request, slot.receivedNanos);
        } catch (RuntimeException | Error e) {
            // an Error too: the request must still end, with the connection closed, not hang unanswered
            answer = CompletableFuture.failedFuture(e);
        } finally {
            release(slot.request);
        }
        answer.whenComplete((body, error) -> {
            if (ctx.executor().inEventLoop()) {
                complete(slot, body, error);
            } else {
                ctx.executor().execute(() -> complete(slot, body, error));
            }
        });
    }

    private void complete(Slot slot, Object answer, Throwable error) {
        ApiKeys key = metricsKey(slot.request);
        if (key != null) {
            metrics.record(key, System.nanoTime() - slot.receivedNanos, error != null);
        }
        if (error != null) {
            log.error("Handling {} from {} failed; closing the connection", describe(slot.request), peer, error);
            ctx.close();
            return;
        }
        slot.answer = answer;
        slot.done = true;
        writeReadyAnswers();
    }

    private void writeReadyAnswers() {
        boolean wrote = false;
        int throttleMs = 0;
        List<Object> parts = new ArrayList<>(4);
        while (!outstanding.isEmpty() && outstanding.peek().done) {
            Slot slot = outstanding.poll();
            if (slot.answer == null) {
                continue;
            }
            parts.clear();
            try {
                if (quotas.active()) {
                    throttleMs = Math.max(throttleMs, throttle(slot));
                }
                encode(slot.request, slot.answer, ctx.alloc(), parts);
            } catch (RuntimeException e) {
                log.error("Encoding the answer to {} for {} failed; closing the connection", describe(slot.request), peer, e);
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
        if (throttleMs > 0) {
            pauseFor(throttleMs);
        }
        resumeReadingIfDue();
    }

    /** Records the answer against its client's quota; returns the pause it earned, told to the answer too. */
    private int throttle(Slot slot) {
        QuotaUse use = quotaUse(slot.request, slot.answer, slot.requestBytes);
        if (use == null) {
            return 0;
        }
        int throttleMs = quotas.recordAndThrottleMs(use.kind(), principal, use.clientId(), use.bytes(),
            System.currentTimeMillis());
        if (throttleMs > 0) {
            reportThrottle(slot.request, slot.answer, throttleMs);
        }
        return throttleMs;
    }

    private void pauseFor(int throttleMs) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(throttleMs);
        if (paused) {
            pausedUntilNanos = Math.max(pausedUntilNanos, until);
            return;
        }
        paused = true;
        pausedUntilNanos = until;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(this::endPause, throttleMs, TimeUnit.MILLISECONDS);
    }

    private void endPause() {
        long left = pausedUntilNanos - System.nanoTime();
        if (left > 0) {
            ctx.executor().schedule(this::endPause, left, TimeUnit.NANOSECONDS);
            return;
        }
        paused = false;
        resumeReadingIfDue();
    }

    private void resumeReadingIfDue() {
        if (!paused && outstanding.size() < MAX_OUTSTANDING / 2 && !ctx.channel().config().isAutoRead()) {
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
