package io.zkafka.clients.internals;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.zkafka.common.security.SaslClientConfig;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.network.Transport;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.FrameDecoder;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RequestHeader;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request/response over one connection per broker address, shared by a client's threads. Every
 * call returns a future; nothing here blocks. Connections are opened on first use and reopened
 * after a failure.
 *
 * <p>Thread-safe. One I/O thread (a Netty event loop) per client instance does all socket work and
 * completes the futures; callers must not block in callbacks they chain on them.
 */
public final class NetworkClient implements AutoCloseable {
    private final String clientId;
    private final int maxResponseBytes;
    private final int connectTimeoutMs;
    private final SslContext tls;
    private final SaslClientConfig sasl;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final Map<String, BrokerConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger correlationIds = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final NetworkMetrics metrics;

    public NetworkClient(String clientId, int maxResponseBytes, int connectTimeoutMs) {
        this(clientId, maxResponseBytes, connectTimeoutMs, null);
    }

    /**
     * {@code tls}: the client side of TLS (security protocol SSL) for every connection, checking the
     * broker's certificate against the host connected to; null for PLAINTEXT.
     */
    public NetworkClient(String clientId, int maxResponseBytes, int connectTimeoutMs, SslContext tls) {
        this(clientId, maxResponseBytes, connectTimeoutMs, tls, null);
    }

    /**
     * {@code sasl}: every connection authenticates first (security protocol SASL_PLAINTEXT, or SASL_SSL with
     * {@code tls}); requests wait until it has, and fail with an {@code AuthenticationException} if the broker
     * refuses it. Null: no SASL.
     */
    public NetworkClient(String clientId, int maxResponseBytes, int connectTimeoutMs, SslContext tls,
                         SaslClientConfig sasl) {
        this(clientId, maxResponseBytes, connectTimeoutMs, tls, sasl, null);
    }

    /**
     * As {@link #NetworkClient(String, int, int, SslContext, SaslClientConfig)}, with {@code metrics}: where
     * requests, responses and connections are counted (registers connection-count too), or null for none.
     */
    public NetworkClient(String clientId, int maxResponseBytes, int connectTimeoutMs, SslContext tls,
                         SaslClientConfig sasl, NetworkMetrics metrics) {
        this.clientId = clientId;
        this.sasl = sasl;
        this.metrics = metrics;
        if (metrics != null) {
            metrics.connectionCount(this::activeConnections);
        }
        this.maxResponseBytes = maxResponseBytes;
        this.connectTimeoutMs = connectTimeoutMs;
        this.tls = tls;
        Transport transport = Transport.best();
        group = transport.newGroup(1, "zkafka-client-io-" + clientId, true);
        channelType = transport.socketChannel();
    }

    public String clientId() {
        return clientId;
    }

    /**
     * The client's I/O thread, for work that must run where the responses complete (the producer's
     * sender runs there). Tasks on it must not block.
     */
    public EventLoop ioThread() {
        return group.next();
    }

    /**
     * Sends {@code body} to the broker at {@code address} ("host:port", optionally "host:port#name":
     * a separate connection to the same broker, so that requests a broker holds, such as a group
     * join, do not queue up the others). Requests to one address are written in call order. The
     * returned future completes with the response, or fails with a {@link RetriableException}
     * (connection refused or lost, request timed out). For {@code expectResponse == false} it
     * completes with null once the request is written.
     */
    public CompletableFuture<ReceivedMessage> send(String address, Message body, boolean expectResponse,
                                                   long timeoutMs) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Client " + clientId + " is closed"));
        }
        BrokerConnection connection;
        try {
            connection = connection(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connection.send(header(body), body, expectResponse, timeoutMs);
    }

    private RequestHeader header(Message body) {
        return new RequestHeader(body.apiKey(), body.apiKey().latestVersion, correlationIds.incrementAndGet(), clientId);
    }

    /** Sends a request that always has a response and returns its body. */
    @SuppressWarnings("unchecked")
    public <R extends Message> CompletableFuture<R> call(String address, Message body, long timeoutMs) {
        return send(address, body, true, timeoutMs).thenApply(received -> (R) received.body());
    }

    private int activeConnections() {
        int count = 0;
        for (BrokerConnection connection : connections.values()) {
            if (connection.isActive()) {
                count++;
            }
        }
        return count;
    }

    private BrokerConnection connection(String address) {
        return connections.compute(address, (key, existing) ->
            existing != null && existing.isUsable() ? existing : connect(address));
    }

    private BrokerConnection connect(String address) {
        int hash = address.indexOf('#');
        String hostPort = hash < 0 ? address : address.substring(0, hash);
        int colon = hostPort.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Broker address '" + address + "' is not host:port");
        }
        String host = hostPort.substring(0, colon);
        int brokerPort = port;
        BrokerConnection connection = new BrokerConnection(address, metrics, sasl, this::header, connectTimeoutMs);
        Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (tls != null) {
                        // host and port: the name the certificate must carry, and the session cache key
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, brokerPort));
                    }
                    ch.pipeline().addLast("frames", new FrameDecoder(maxResponseBytes));
                    ch.pipeline().addLast("responses", connection);
                }
            });
        ChannelFuture connect = bootstrap.connect(host, port);
        connection.bind(connect.channel());
        connect.addListener(done -> connection.connectDone(done.isSuccess() ? null
            : new RetriableException(Errors.NETWORK_EXCEPTION, "Cannot connect to broker " + address + ": "
                + done.cause().getMessage())));
        return connection;
    }

    /**
     * Runs {@code task} on the I/O thread after {@code delayMs} (retry backoffs). The task must not
     * block. Dropped silently once the client is closed.
     */
    public void schedule(Runnable task, long delayMs) {
        if (closed.get()) {
            return;
        }
        try {
            group.next().schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: nothing waits for the task any more
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes a broker's connection (its outstanding requests fail); the next send reconnects. */
    public void disconnect(String address) {
        BrokerConnection connection = connections.remove(address);
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (String address : connections.keySet()) {
            disconnect(address);
        }
        Future<?> shutdown = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (ioThread().inEventLoop()) {
            // closed from a task on the I/O thread itself (a producer closed in its send callback): the thread
            // cannot wait for itself; it stops once that task returns
            return;
        }
        shutdown.syncUninterruptibly();
    }
}
