package io.zkafka.clients.internals;

import io.zkafka.common.Node;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.AuthenticationException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's view of the cluster: the latest {@link Cluster} snapshot and how to refresh it. A
 * refresh asks one broker for the topics of interest (or every topic), trying the known brokers
 * and then the bootstrap servers in turn until one answers. At most one refresh is in flight;
 * callers asking meanwhile share it.
 *
 * <p>Thread-safe: the snapshot is a volatile immutable object; refresh bookkeeping is guarded by
 * this object's private {@code lock}. Refresh futures complete on the network client's I/O thread.
 */
public final class Metadata {
    private final NetworkClient network;
    private final List<String> bootstrapAddresses;
    private final long refreshBackoffMs;
    private final long maxAgeMs;
    private final long requestTimeoutMs;
    private final boolean allowAutoTopicCreation;
    private volatile boolean allTopics;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    private volatile Cluster cluster = Cluster.empty();
    private volatile boolean updateRequested = true;
    private volatile long lastRefreshMs;
    private volatile long lastSuccessfulRefreshMs;
    private int version;
    private int nextAddress;
    private CompletableFuture<Cluster> inFlight;

    /**
     * @param allTopics whether refreshes ask for every topic (admin) rather than the topics added
     * @param allowAutoTopicCreation whether asking for a missing topic may create it (producer, consumer)
     */
    public Metadata(NetworkClient network, List<String> bootstrapAddresses, long refreshBackoffMs, long maxAgeMs,
                    long requestTimeoutMs, boolean allTopics, boolean allowAutoTopicCreation) {
        if (bootstrapAddresses.isEmpty()) {
            throw new IllegalArgumentException("No bootstrap servers given");
        }
        this.network = network;
        this.bootstrapAddresses = List.copyOf(bootstrapAddresses);
        this.refreshBackoffMs = refreshBackoffMs;
        this.maxAgeMs = maxAgeMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.allTopics = allTopics;
        this.allowAutoTopicCreation = allowAutoTopicCreation;
    }

    /** The latest snapshot (empty before the first refresh). */
    public Cluster fetch() {
        return cluster;
    }

    /** Adds a topic of interest; a new one makes the next refresh due at once. */
    public void add(String topic) {
        if (!topics.contains(topic) && topics.add(topic)) {
            updateRequested = true;
        }
    }

    /** Replaces the topics of interest. */
    public void setTopics(Set<String> newTopics) {
        if (!topics.equals(newTopics)) {
            topics.retainAll(newTopics);
            topics.addAll(newTopics);
            updateRequested = true;
        }
    }

    /** Switches between asking for every topic (a pattern subscription) and for the topics of interest. */
    public void setAllTopics(boolean all) {
        if (allTopics != all) {
            allTopics = all;
            updateRequested = true;
        }
    }

    public Set<String> topics() {
        return Set.copyOf(topics);
    }

    /** Asks for a refresh at the next opportunity (a leader moved, a topic is missing). */
    public void requestUpdate() {
        updateRequested = true;
    }

    /** Whether a refresh should start now: asked for or too old, not backing off, none in flight. */
    public boolean updateDue(long nowMs) {
        synchronized (lock) {
            if (inFlight != null) {
                return false;
            }
        }
        boolean wanted = updateRequested || nowMs - lastSuccessfulRefreshMs >= maxAgeMs;
        return wanted && nowMs - lastRefreshMs >= refreshBackoffMs;
    }

    /** Milliseconds until {@link #updateDue} may turn true without a new request (for wait timeouts). */
    public long timeToNextUpdate(long nowMs) {
        long dueAt = updateRequested ? lastRefreshMs + refreshBackoffMs : lastSuccessfulRefreshMs + maxAgeMs;
        return Math.max(0, dueAt - nowMs);
    }

    /** How many refreshes have succeeded. */
    public int version() {
        synchronized (lock) {
            return version;
        }
    }

    /** When a refresh last succeeded (epoch ms; 0 before the first). Any thread. */
    public long lastSuccessfulRefreshMs() {
        return lastSuccessfulRefreshMs;
    }

    /**
     * Starts a refresh, or joins the one in flight. The future completes with the new snapshot or
     * fails with a {@link RetriableException} when no broker answered, or with the
     * {@link AuthenticationException} of a broker that refused the client's SASL login.
     */
    public CompletableFuture<Cluster> refresh() {
        CompletableFuture<Cluster> result;
        synchronized (lock) {
            if (inFlight != null) {
                return inFlight;
            }
            result = new CompletableFuture<>();
            inFlight = result;
        }
        updateRequested = false;
        lastRefreshMs = System.currentTimeMillis();
        MetadataRequest request = new MetadataRequest(allTopics ? null : new ArrayList<>(topics),
            allowAutoTopicCreation);
        List<String> addresses = candidateAddresses();
        attempt(request, addresses, 0, result, null);
        return result;
    }

    private List<String> candidateAddresses() {
        Set<String> addresses = new LinkedHashSet<>();
        for (Node node : cluster.nodes()) {
            addresses.add(node.address());
        }
        addresses.addAll(bootstrapAddresses);
        List<String> ordered = new ArrayList<>(addresses);
        int start;
        synchronized (lock) {
            start = nextAddress++ % ordered.size();
        }
        List<String> rotated = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            rotated.add(ordered.get((start + i) % ordered.size()));
        }
        return rotated;
    }

    private void attempt(MetadataRequest request, List<String> addresses, int index,
                         CompletableFuture<Cluster> result, Throwable lastFailure) {
        if (index >= addresses.size()) {
            finish(result, null, new RetriableException(Errors.NETWORK_EXCEPTION,
                "No broker answered a metadata request (tried " + addresses + "): "
                    + (lastFailure == null ? "no address" : lastFailure.getMessage())));
            return;
        }
        network.<MetadataResponse>call(addresses.get(index), request, requestTimeoutMs).whenComplete((response, e) -> {
            if (e != null) {
                Throwable cause = ClientUtils.unwrap(e);
                if (cause instanceof IllegalStateException || cause instanceof AuthenticationException) {
                    // a closed client, or credentials the brokers refuse: asking another broker cannot help
                    finish(result, null, cause);
                } else {
                    attempt(request, addresses, index + 1, result, cause);
                }
                return;
            }
            Cluster updated = Cluster.from(response);
            finish(result, updated, null);
        });
    }

    private void finish(CompletableFuture<Cluster> result, Cluster updated, Throwable failure) {
        synchronized (lock) {
            inFlight = null;
            if (updated != null) {
                cluster = updated;
                version++;
                lastSuccessfulRefreshMs = System.currentTimeMillis();
            } else {
                updateRequested = true;
            }
        }
        if (updated != null) {
            result.complete(updated);
        } else {
            result.completeExceptionally(failure instanceof ApiException || failure instanceof IllegalStateException
                ? failure : new RetriableException(Errors.NETWORK_EXCEPTION, String.valueOf(failure)));
        }
    }
}
