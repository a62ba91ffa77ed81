package io.zkafka.broker.network;

import io.zkafka.common.protocol.ApiKeys;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Where a connection's requests are served: on the request handler threads, except the APIs served on
 * the connection's own network thread (event loop) whenever no earlier request of the connection is
 * still being served there. Serving Produce and Fetch in place saves a thread hand-off each way, which
 * on a machine of few cores is most of what a small request costs and most of its latency tail; they
 * never wait on anything (a long poll or an acks=all wait is a purgatory entry), so they hold the
 * event loop only for the append or the read itself.
 */
public final class RequestThreads {
    private final Executor handlerPool;
    private final Set<ApiKeys> servedOnNetworkThreads;

    private RequestThreads(Executor handlerPool, Set<ApiKeys> servedOnNetworkThreads) {
        this.handlerPool = handlerPool;
        this.servedOnNetworkThreads = servedOnNetworkThreads.isEmpty() ? EnumSet.noneOf(ApiKeys.class)
            : EnumSet.copyOf(servedOnNetworkThreads);
    }

    /** Every request on {@code handlerPool}. */
    public static RequestThreads handlersOnly(Executor handlerPool) {
        return new RequestThreads(handlerPool, Set.of());
    }

    /** The APIs in {@code servedOnNetworkThreads} on the network thread, the rest on {@code handlerPool}. */
    public static RequestThreads of(Executor handlerPool, Set<ApiKeys> servedOnNetworkThreads) {
        return new RequestThreads(handlerPool, servedOnNetworkThreads);
    }

    Executor handlerPool() {
        return handlerPool;
    }

    boolean servesOnNetworkThread(ApiKeys key) {
        return key != null && servedOnNetworkThreads.contains(key);
    }
}
