package io.zkafka.broker.replica;

import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.config.PeerNetwork;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link ReplicaFetcherThread} per source broker, each carrying every partition this broker
 * follows there. Confined to the coordination listener thread (role changes), except
 * {@link #close()}.
 */
final class ReplicaFetcherManager implements AutoCloseable {
    private final ReplicaFetcherThread.Settings settings;
    private final FollowerLogs logs;
    private final NetworkClient network;
    private final Map<Integer, ReplicaFetcherThread> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> sourceOf = new HashMap<>();
    private boolean paused;

    ReplicaFetcherManager(ReplicaFetcherThread.Settings settings, FollowerLogs logs, PeerNetwork peers) {
        this.settings = settings;
        this.logs = logs;
        this.network = peers.client("broker-" + settings.brokerId() + "-replica-fetcher",
            Math.max(settings.maxBytes(), settings.partitionMaxBytes()) + (1 << 20), 10_000);
    }

    /** Follows {@code tp} on {@code leaderId} at {@code leaderEpoch} (truncating first). */
    synchronized void follow(TopicPartition tp, int leaderId, int leaderEpoch) {
        Integer previous = sourceOf.get(tp);
        if (previous != null && previous != leaderId) {
            fetchers.get(previous).removePartition(tp);
        }
        ReplicaFetcherThread fetcher = fetchers.computeIfAbsent(leaderId, id -> {
            ReplicaFetcherThread thread = new ReplicaFetcherThread(id, settings, logs, network);
            thread.setPaused(paused);
            thread.start();
            return thread;
        });
        fetcher.addPartition(tp, leaderEpoch);
        sourceOf.put(tp, leaderId);
    }

    /** Stops following {@code tp}; returns once no fetcher writes to it any more. */
    synchronized void stopFollowing(TopicPartition tp) {
        Integer source = sourceOf.remove(tp);
        if (source != null) {
            fetchers.get(source).removePartition(tp);
        }
    }

    synchronized void setPaused(boolean paused) {
        this.paused = paused;
        fetchers.values().forEach(fetcher -> fetcher.setPaused(paused));
    }

    synchronized int fetcherCount() {
        return fetchers.size();
    }

    @Override
    public synchronized void close() {
        for (ReplicaFetcherThread fetcher : fetchers.values()) {
            fetcher.shutdown();
        }
        // closing the client fails the fetches still waiting for an answer, so the threads end now
        network.close();
        for (ReplicaFetcherThread fetcher : fetchers.values()) {
            try {
                fetcher.join(settings.maxWaitMs() + settings.requestTimeoutMs() + 2_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fetchers.clear();
    }
}
