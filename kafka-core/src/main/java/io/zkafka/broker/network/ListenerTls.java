package io.zkafka.broker.network;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.zkafka.common.security.KafkaPrincipal;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS part of a listener whose security protocol is SSL: the first handlers of every connection's
 * pipeline, before the listener's own ({@code SASL_SSL} will add its authentication step after these).
 * A handshake that fails (a plaintext client, an untrusted or expired certificate, a missing client
 * certificate, garbage) closes that connection only; it is counted in
 * {@code kafka.network:type=SocketServer,name=FailedTlsHandshakesPerSec,listener=<name>} and logged
 * at most once a second with the count of lines left out. A client certificate makes the connection's
 * principal {@code User:<its distinguished name>} (an {@link AuthenticatedEvent}). Thread-safe.
 */
public final class ListenerTls {
    private static final Logger log = LoggerFactory.getLogger(ListenerTls.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String listenerName;
    private final SslContext context;
    private final Meter failedHandshakes;
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    public ListenerTls(String listenerName, SslContext context, MetricRegistry registry) {
        this.listenerName = listenerName;
        this.context = context;
        this.failedHandshakes = registry.meter(metricName(listenerName));
    }

    public static String metricName(String listenerName) {
        return "kafka.network:type=SocketServer,name=FailedTlsHandshakesPerSec,listener=" + listenerName;
    }

    /** Adds the TLS handlers to a new connection's pipeline; the listener's handlers follow them. */
    void addTo(Channel channel) {
        channel.pipeline().addLast("tls", context.newHandler(channel.alloc()));
        channel.pipeline().addLast("tls-handshake", new HandshakeWatch());
        channel.pipeline().addLast("tls-file-regions", FileRegionReader.INSTANCE);
    }

    private void handshakeFailed(Channel channel, Throwable cause) {
        failedHandshakes.mark();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
            long left = suppressed.getAndSet(0);
            log.warn("TLS handshake with {} on listener {} failed, closing the connection: {}{}", channel.remoteAddress(),
                listenerName, rootMessage(cause), left == 0 ? "" : " (" + left + " more failed since the last line)");
        } else {
            suppressed.incrementAndGet();
        }
    }

    /** {@code User:<distinguished name>} of the client's certificate, or null when it sent none. */
    private static KafkaPrincipal clientCertificatePrincipal(SslHandler tls) {
        try {
            return KafkaPrincipal.user(tls.engine().getSession().getPeerPrincipal().getName());
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Watches one connection's handshake; leaves the pipeline once it succeeded. */
    private final class HandshakeWatch extends ChannelInboundHandlerAdapter {
        private boolean failed;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    KafkaPrincipal principal = clientCertificatePrincipal(ctx.pipeline().get(SslHandler.class));
                    if (principal != null) {
                        ctx.fireUserEventTriggered(new AuthenticatedEvent(principal));
                    }
                    ctx.pipeline().remove(this);
                } else if (!failed) {
                    failed = true;
                    if (handshake.cause() instanceof ClosedChannelException) {
                        // the peer closed without a handshake: a port probe or health check, not a failed handshake
                        log.debug("Connection from {} on listener {} closed before a TLS handshake", ctx.channel().remoteAddress(),
                            listenerName);
                    } else {
                        handshakeFailed(ctx.channel(), handshake.cause());
                    }
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // before the handshake completed: the SslHandler's failure, reported by the completion event
            ctx.close();
        }
    }
}
