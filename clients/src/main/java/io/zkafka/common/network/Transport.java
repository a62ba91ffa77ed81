package io.zkafka.common.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Netty's native epoll transport where the platform has it (zero-copy sendfile of file regions,
 * fewer copies), NIO elsewhere. Set {@code -Dzkafka.transport=nio} to force NIO.
 */
public enum Transport {
    EPOLL,
    NIO;

    public static Transport best() {
        if (!"nio".equals(System.getProperty("zkafka.transport")) && Epoll.isAvailable()) {
            return EPOLL;
        }
        return NIO;
    }

    public EventLoopGroup newGroup(int threads, String threadPrefix, boolean daemon) {
        DefaultThreadFactory factory = new DefaultThreadFactory(threadPrefix, daemon);
        return this == EPOLL
            ? new MultiThreadIoEventLoopGroup(threads, factory, EpollIoHandler.newFactory())
            : new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory());
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
