package io.zkafka.broker.liveness;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;

/**
 * Tells a refused connection (ECONNREFUSED: the host answered that nothing listens on the port)
 * from every other failure to connect. Java reports a refusal, a kernel connect timeout and a few
 * other errors all as {@link ConnectException}; only the refusal's message says "Connection
 * refused" (NIO and Netty's epoll transport alike), and Netty's own connect timeout is a
 * {@link ConnectTimeoutException}. Stateless.
 */
final class ConnectFailures {
    private ConnectFailures() {
    }

    static boolean isRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return false;
            }
            if (t instanceof ConnectException && t.getMessage() != null && t.getMessage().contains("Connection refused")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
