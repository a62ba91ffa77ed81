package io.zkafka.broker.handler;

import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.config.PeerNetwork;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits until every other live broker answers metadata that shows an admin change (a created
 * topic with leaders, a deleted topic gone, added partitions), so a client that changed the cluster
 * reads its own change from whichever broker it asks next. Each broker is asked again every
 * {@value #RETRY_MS} ms until it agrees, leaves the cluster (its registration is gone or replaced: a
 * dead broker is not waited for) or the deadline passes; past the deadline the answer goes out anyway. No thread waits: retries are timer callbacks. Thread-safe.
 */
public final class MetadataPropagation implements AutoCloseable {
    private static final long RETRY_MS = 25;

    private final int brokerId;
    private final MetadataCache metadata;
    private final ScheduledExecutorService timer;
    private final NetworkClient network;

    public MetadataPropagation(int brokerId, MetadataCache metadata, ScheduledExecutorService timer, PeerNetwork peers) {
        this.brokerId = brokerId;
        this.metadata = metadata;
        this.timer = timer;
        this.network = peers.client("broker-" + brokerId + "-metadata-propagation", 16 << 20, 5_000);
    }

    /** Completes once every other live broker's answer for {@code topics} satisfies {@code agreed}, or at the timeout. */
    public CompletableFuture<Void> await(List<String> topics, Predicate<MetadataResponse> agreed, long timeoutMs) {
        if (topics.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(timeoutMs, 0));
        List<CompletableFuture<Void>> brokers = new ArrayList<>();
        for (BrokerInfo broker : metadata.image().brokers().values()) {
            if (broker.id() != brokerId) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                ask(broker, new MetadataRequest(topics, false), agreed, deadlineNanos, done);
                brokers.add(done);
            }
        }
        return CompletableFuture.allOf(brokers.toArray(CompletableFuture[]::new));
    }

    private void ask(BrokerInfo broker, MetadataRequest request, Predicate<MetadataResponse> agreed, long deadlineNanos,
                     CompletableFuture<Void> done) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMs <= 0 || !stillRegistered(broker)) {
            done.complete(null);
            return;
        }
        String address = broker.host() + ":" + broker.port();
        network.<MetadataResponse>call(address, request, Math.min(remainingMs, 5_000)).whenComplete((response, e) -> {
            if (e == null && agreed.test(response) || System.nanoTime() >= deadlineNanos) {
                done.complete(null);
            } else {
                try {
                    timer.schedule(() -> ask(broker, request, agreed, deadlineNanos, done), RETRY_MS,
                        TimeUnit.MILLISECONDS);
                } catch (RuntimeException rejected) {
                    done.complete(null); // shutting down
                }
            }
        });
    }

    /** Whether {@code broker}'s incarnation is still registered (a restarted one reads the cluster afresh). */
    private boolean stillRegistered(BrokerInfo broker) {
        BrokerInfo now = metadata.image().brokers().get(broker.id());
        return now != null && now.epoch() == broker.epoch();
    }

    @Override
    public void close() {
        network.close();
    }
}
