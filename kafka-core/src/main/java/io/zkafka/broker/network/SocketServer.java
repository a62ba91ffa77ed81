package io.zkafka.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.zkafka.common.network.Transport;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.FrameDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's listener: Netty event loops ({@code num.network.threads}) frame and decode, a pool
 * of request handler threads ({@code num.io.threads}) runs the API handlers. Frames above
 * {@code socket.request.max.bytes} are refused as soon as their length is read.
 */
public final class SocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    /**
     * Socket reads of up to 1 MiB (the largest buffer Netty's pooling allocator pools), on every
     * listener: a produce request the socket holds whole then arrives in one read and its frame is a
     * slice of it. With Netty's default 64 KiB reads, every request above 64 KiB (a producer's 64 KiB
     * batch and its headers) spans two reads and the frame decoder copies its record bytes into a
     * merged buffer.
     */
    private static final AdaptiveRecvByteBufAllocator REQUEST_READS = new AdaptiveRecvByteBufAllocator(64, 16 * 1024,
        1 << 20);
    /**
     * Answers completed while a socket read's requests are being served are sent together when the
     * read ends (one write to the socket for the pipelined requests of a read, not one per answer),
     * or after this many; answers completed outside a read are sent at once.
     */
    private static final int MAX_FLUSHES_DEFERRED = 64;
    /**
     * Netty's pooled allocator, not 4.2's default adaptive one, for every connection's buffers: an event
     * loop allocates and frees a connection's reads and answers itself, which the pooled allocator's
     * per-thread caches serve without touching shared state. Kafka's own perf tools against one broker
     * on two cores, alternating (kafka-core's README, "Per-request costs"): W5's broker CPU-seconds fell
     * by about a tenth, W2's and W6's by a few percent.
     */
    private static final ByteBufAllocator CONNECTION_BUFFERS = PooledByteBufAllocator.DEFAULT;

    private final Transport transport = Transport.best();
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ExecutorService handlerPool;
    private final RequestThreads threads;
    private final RequestDispatcher dispatcher;
    private final RequestMetrics metrics;
    private final int maxRequestBytes;
    private final ClientQuotas quotas;
    private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
    /** One for all listeners: closed connections are logged at most once a second in all. */
    private final RejectionLog rejections = new RejectionLog();

    /** Sets up the pipeline of a new connection on a listener; requests are served where {@code threads} says. */
    @FunctionalInterface
    public interface ConnectionSetup {
        void setUp(Channel channel, RequestThreads threads, RequestMetrics metrics, RejectionLog rejections,
                   ClientQuotas quotas);
    }

    /** Every request on the request handler threads. */
    public SocketServer(RequestDispatcher dispatcher, RequestMetrics metrics, int networkThreads, int ioThreads,
                        int maxRequestBytes) {
        this(dispatcher, metrics, networkThreads, ioThreads, maxRequestBytes, Set.of());
    }

    /** The APIs in {@code servedOnNetworkThreads} on the connection's network thread (see {@link RequestThreads}). */
    public SocketServer(RequestDispatcher dispatcher, RequestMetrics metrics, int networkThreads, int ioThreads,
                        int maxRequestBytes, Set<ApiKeys> servedOnNetworkThreads) {
        this(dispatcher, metrics, networkThreads, ioThreads, maxRequestBytes, servedOnNetworkThreads, ClientQuotas.NONE);
    }

    /** As above, every connection holding its clients to {@code quotas}. */
    public SocketServer(RequestDispatcher dispatcher, RequestMetrics metrics, int networkThreads, int ioThreads,
                        int maxRequestBytes, Set<ApiKeys> servedOnNetworkThreads, ClientQuotas quotas) {
        this.dispatcher = dispatcher;
        this.quotas = quotas;
        this.metrics = metrics;
        this.maxRequestBytes = maxRequestBytes;
        this.acceptors = transport.newGroup(1, "zkafka-acceptor", false);
        this.workers = transport.newGroup(networkThreads, "zkafka-network", false);
        AtomicInteger ids = new AtomicInteger();
        this.handlerPool = new ThreadPoolExecutor(ioThreads, ioThreads, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread thread = new Thread(r, "zkafka-request-handler-" + ids.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        this.threads = RequestThreads.of(handlerPool, servedOnNetworkThreads);
    }

    /** Binds the native listener and starts accepting; returns the bound address (port 0 picks a free one). */
    public InetSocketAddress start(String host, int port) {
        return start(host, port, null);
    }

    /** Binds the native listener, over TLS when {@code tls} is not null; returns the bound address. */
    public InetSocketAddress start(String host, int port, ListenerTls tls) {
        return start(host, port, tls, null);
    }

    /**
     * Binds the native listener, over TLS when {@code tls} is not null, each connection authenticating first
     * through the stage {@code authentication} makes when it is not null (SASL); returns the bound address.
     */
    public InetSocketAddress start(String host, int port, ListenerTls tls,
                                   Function<RejectionLog, ChannelHandler> authentication) {
        return start("native", host, port, tls, (channel, requestThreads, requestMetrics, rejectionLog, clientQuotas) -> {
            channel.pipeline().addLast("frames", new FrameDecoder(maxRequestBytes));
            if (authentication != null) {
                channel.pipeline().addLast("authentication", authentication.apply(rejectionLog));
            }
            channel.pipeline().addLast("requests", new ConnectionHandler(dispatcher, requestThreads, requestMetrics, rejectionLog,
                clientQuotas));
        });
    }

    /**
     * Binds another listener sharing this server's event loops and request handler threads; returns the
     * bound address.
     */
    public InetSocketAddress start(String name, String host, int port, ConnectionSetup setup) {
        return start(name, host, port, null, setup);
    }

    /**
     * Binds another listener; with {@code tls} (security protocol SSL) every connection starts with a
     * TLS handshake, and {@code setup}'s handlers see the decrypted bytes.
     */
    public InetSocketAddress start(String name, String host, int port, ListenerTls tls, ConnectionSetup setup) {
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptors, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, REQUEST_READS)
            .childOption(ChannelOption.ALLOCATOR, CONNECTION_BUFFERS)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    sendAnswersOfAReadTogether(ch);
                    if (tls != null) {
                        tls.addTo(ch);
                    }
                    setup.setUp(ch, threads, metrics, rejections, quotas);
                }
            });
        Channel serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        serverChannels.add(serverChannel);
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.info("Listening on {} for the {} listener ({} transport{})", bound, name, transport,
            tls == null ? "" : ", TLS");
        return bound;
    }

    /** Defers the flushes of answers completed during a socket read to the read's end (first in the pipeline). */
    static void sendAnswersOfAReadTogether(Channel channel) {
        channel.pipeline().addLast("flushes", new FlushConsolidationHandler(MAX_FLUSHES_DEFERRED, false));
    }

    /** Stops accepting and closes every connection, then stops the handler threads. Idempotent. */
    @Override
    public void close() {
        for (Channel serverChannel : serverChannels) {
            serverChannel.close().syncUninterruptibly();
        }
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        handlerPool.shutdownNow();
    }
}
