package io.zkafka.broker.liveness;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.zkafka.common.network.Transport;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.DeadBrokerRemoval;
import io.zkafka.metadata.MetadataCache;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast failure detection: this broker keeps one idle TCP connection to the listener of every
 * other registered broker incarnation, and when one of those connections closes, probes the
 * listener. An incarnation whose connection dropped and whose port then refuses connections
 * {@link Settings#refusalsToDeclareDead} times in a row, {@link Settings#probeIntervalMs} apart,
 * is dead ({@link DeathEvidence}); the monitor then asks {@link DeadIncarnationRemover} to do what
 * the expiry of its ZooKeeper session would do (delete its registration and controller latch node,
 * conditionally on that exact incarnation), and the cluster watchers, the controller and the latch
 * take it from there. Every broker watches every other, so the controller's death is seen too;
 * several brokers may reach the same verdict, and the removal is idempotent.
 *
 * <p>Nothing here is needed for safety: a verdict only makes happen early what a session expiry
 * may make happen at any time, and leader epochs and broker epochs fence whatever a replaced
 * incarnation still sends. A slow, frozen or cut-off peer gives timeouts or open connections,
 * never refusals after a drop, and is left to its session timeout.
 *
 * <p>Threads: all per-peer state is confined to the single Netty event loop
 * {@code zkafka-liveness}, where connections, probes, timers and metadata updates (handed over from
 * the coordination listener thread) run; removals, which block on ZooKeeper, run on
 * {@code zkafka-liveness-zk}.
 */
public final class PeerLivenessMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerLivenessMonitor.class);

    /** Tunables. */
    public record Settings(int refusalsToDeclareDead, long probeIntervalMs, int connectTimeoutMs, long retryBackoffMs) {
        /** Two refusals 50 ms apart after a drop; 1 s connect timeout; 1 s between attempts that proved nothing. */
        public static final Settings DEFAULT = new Settings(2, 50, 1000, 1000);
    }

    /** Does what the expiry of a dead incarnation's session would do. */
    @FunctionalInterface
    public interface DeadIncarnationRemover {
        DeadBrokerRemoval remove(int brokerId, long brokerEpoch);
    }

    /** One incarnation of a peer and the monitor's connection to it; confined to the event loop. */
    private static final class PeerWatch {
        final BrokerInfo broker;
        final InetSocketAddress address;
        final DeathEvidence evidence;
        Channel channel;
        ScheduledFuture<?> pending;
        boolean stopped;

        PeerWatch(BrokerInfo broker, int refusalsToDeclareDead) {
            this.broker = broker;
            this.address = InetSocketAddress.createUnresolved(broker.host(), broker.port());
            this.evidence = new DeathEvidence(refusalsToDeclareDead);
        }
    }

    /** Discards anything a peer might send on the idle connection; closes it on an error (a reset counts as a drop). */
    @ChannelHandler.Sharable
    private static final class IdleConnectionHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final IdleConnectionHandler IDLE = new IdleConnectionHandler();

    private final int localBrokerId;
    private final MetadataCache metadata;
    private final DeadIncarnationRemover remover;
    private final Settings settings;
    private final EventLoopGroup loop;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    private final ExecutorService removals = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "zkafka-liveness-zk");
        thread.setDaemon(true);
        return thread;
    });
    /** By peer broker id; confined to the event loop. */
    private final Map<Integer, PeerWatch> peers = new HashMap<>();
    private volatile boolean closed;
    /** Set while a reconcile is queued, so that a burst of metadata updates queues one. */
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();

    public PeerLivenessMonitor(int localBrokerId, MetadataCache metadata, DeadIncarnationRemover remover,
                               Settings settings) {
        this(localBrokerId, metadata, remover, settings, null);
    }

    /**
     * {@code tls}: the client side of TLS when the peers' listeners are SSL (null for PLAINTEXT), so that the
     * idle connection completes a handshake and the peer's listener keeps it open.
     */
    public PeerLivenessMonitor(int localBrokerId, MetadataCache metadata, DeadIncarnationRemover remover,
                               Settings settings, SslContext tls) {
        this.localBrokerId = localBrokerId;
        this.metadata = metadata;
        this.remover = remover;
        this.settings = settings;
        this.tls = tls;
        Transport transport = Transport.best();
        this.loop = transport.newGroup(1, "zkafka-liveness", true);
        this.bootstrap = new Bootstrap().group(loop).channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(IDLE);
    }

    /** Starts watching the registered brokers, and follows the metadata as they come and go. */
    public void start() {
        metadata.onUpdate(this::queueReconcile);
        queueReconcile();
    }

    private void queueReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            onLoop(() -> {
                reconcileQueued.set(false);
                reconcile();
            });
        }
    }

    /** For tests: the state of the watch of broker {@code brokerId}'s current incarnation, if watched. */
    public String stateOf(int brokerId) {
        try {
            return loop.submit(() -> {
                PeerWatch peer = peers.get(brokerId);
                return peer == null ? "NOT_WATCHED" : peer.evidence.state().name();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    private void onLoop(Runnable task) {
        if (closed) {
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Watches exactly the registered incarnations of the other brokers. */
    private void reconcile() {
        if (closed) {
            return;
        }
        Map<Integer, BrokerInfo> registered = metadata.image().brokers();
        for (PeerWatch peer : List.copyOf(peers.values())) {
            BrokerInfo now = registered.get(peer.broker.id());
            if (now == null || now.epoch() != peer.broker.epoch() || !now.host().equals(peer.broker.host())
                    || now.port() != peer.broker.port()) {
                stop(peer);
                peers.remove(peer.broker.id());
            }
        }
        for (BrokerInfo broker : registered.values()) {
            if (broker.id() != localBrokerId && broker.epoch() != BrokerInfo.UNKNOWN_EPOCH
                    && !peers.containsKey(broker.id())) {
                PeerWatch peer = new PeerWatch(broker, settings.refusalsToDeclareDead());
                peers.put(broker.id(), peer);
                connect(peer);
            }
        }
    }

    private void connect(PeerWatch peer) {
        peer.pending = null;
        if (peer.stopped) {
            return;
        }
        // resolved by Netty on each attempt (an unknown host is a failure that proves nothing)
        Bootstrap attempt = bootstrap;
        if (tls != null) {
            attempt = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), peer.address.getHostString(), peer.address.getPort()));
                    ch.pipeline().addLast(IDLE);
                }
            });
        }
        attempt.connect(peer.address).addListener((ChannelFuture future) -> onConnectOutcome(peer, future));
    }

    private void onConnectOutcome(PeerWatch peer, ChannelFuture future) {
        if (peer.stopped) {
            if (future.isSuccess()) {
                future.channel().close();
            }
            return;
        }
        if (future.isSuccess()) {
            Channel channel = future.channel();
            act(peer, peer.evidence.connected());
            if (peer.evidence.state() == DeathEvidence.State.DEAD) {
                channel.close(); // a new process took the port; the dead incarnation stays dead
                return;
            }
            peer.channel = channel;
            channel.closeFuture().addListener(closed -> onConnectionLost(peer, channel));
        } else if (ConnectFailures.isRefused(future.cause())) {
            act(peer, peer.evidence.refused());
        } else {
            log.debug("Connecting to broker {} at {} failed: {}", peer.broker.id(), peer.address, future.cause().toString());
            act(peer, peer.evidence.unreachable());
        }
    }

    private void onConnectionLost(PeerWatch peer, Channel channel) {
        if (peer.stopped || peer.channel != channel) {
            return;
        }
        peer.channel = null;
        log.debug("The connection to broker {} (epoch {}) at {} closed; probing its listener", peer.broker.id(),
            peer.broker.epoch(), peer.address);
        act(peer, peer.evidence.connectionLost());
    }

    private void act(PeerWatch peer, DeathEvidence.Next next) {
        switch (next) {
            case PROBE_NOW -> connect(peer);
            case PROBE_AFTER_INTERVAL -> schedule(peer, settings.probeIntervalMs());
            case RETRY_LATER -> schedule(peer, settings.retryBackoffMs());
            case DECLARE_DEAD -> declareDead(peer);
            case NOTHING -> {
            }
        }
    }

    private void schedule(PeerWatch peer, long delayMs) {
        peer.pending = loop.next().schedule(() -> connect(peer), delayMs, TimeUnit.MILLISECONDS);
    }

    private void declareDead(PeerWatch peer) {
        log.warn("Broker {} (broker epoch {}) at {} is dead: its connection dropped and its listener refused {} connections"
            + " {} ms apart; removing its registration instead of waiting for its ZooKeeper session to expire",
            peer.broker.id(), peer.broker.epoch(), peer.address, settings.refusalsToDeclareDead(), settings.probeIntervalMs());
        try {
            removals.execute(() -> remove(peer));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void remove(PeerWatch peer) {
        try {
            DeadBrokerRemoval outcome = remover.remove(peer.broker.id(), peer.broker.epoch());
            log.info("Dead incarnation {} of broker {}: {}", peer.broker.epoch(), peer.broker.id(), outcome);
        } catch (CoordinationException | IllegalStateException e) {
            log.warn("Could not remove the dead incarnation {} of broker {} ({}); trying again", peer.broker.epoch(),
                peer.broker.id(), e.getMessage());
            onLoop(() -> {
                if (!peer.stopped) {
                    peer.pending = loop.next().schedule(() -> {
                        if (!peer.stopped) {
                            declareDead(peer);
                        }
                    }, settings.retryBackoffMs(), TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    private void stop(PeerWatch peer) {
        peer.stopped = true;
        if (peer.pending != null) {
            peer.pending.cancel(false);
        }
        if (peer.channel != null) {
            peer.channel.close();
        }
    }

    /** Closes every connection and stops. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            loop.submit(() -> {
                closed = true;
                peers.values().forEach(this::stop);
                peers.clear();
            }).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        closed = true;
        removals.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
