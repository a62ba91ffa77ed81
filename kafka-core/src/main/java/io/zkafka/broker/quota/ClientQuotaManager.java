package io.zkafka.broker.quota;

import io.zkafka.broker.network.ClientQuotas;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.coordination.ClientQuotaConfigs;
import io.zkafka.coordination.ClientQuotaEntity;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte-rate quotas this broker enforces, Kafka's {@code producer_byte_rate} and
 * {@code consumer_byte_rate}, per broker as in Kafka. A quota is set on a user, a client id, or
 * both, each of them either named or the default ({@link ClientQuotaEntity#DEFAULT}); the quota of a request is the
 * first set, for its kind, in Kafka's order: user and client id, user and default client, user,
 * default user and client id, default user and default client, default user, client id, default
 * client. The clients the quota found covers share one rate: all the clients of a user when the
 * quota is the user's, each client id on its own when it names or defaults the client id, and so on.
 *
 * <p>Over its quota, a client waits (Kafka's formula) {@code (rate - quota) / quota * span}, where
 * {@code span} is what the rate was measured over ({@link ByteRate}), at most all the windows (Kafka
 * sets no bound; a longer pause would outlast a client's request timeout). Rates idle
 * for all the windows are dropped. Quotas change through {@link #set}, from ZooKeeper's
 * {@code /config/users} and {@code /config/clients}. Thread-safe; nothing blocks.
 */
public final class ClientQuotaManager implements ClientQuotas {
    private static final String DEFAULT = ClientQuotaEntity.DEFAULT;
    /** The quota keys this broker enforces, by the kind of request each limits. */
    private static final Map<String, Kind> KEYS = Map.of(ClientQuotaConfigs.PRODUCER_BYTE_RATE, Kind.PRODUCE,
        ClientQuotaConfigs.CONSUMER_BYTE_RATE, Kind.FETCH);

    /** Whose rate a request counts in: the user and client id the quota covers, "" for one it does not. */
    private record RateKey(Kind kind, String user, String clientId) {
        // written out, as ClientQuotaEntity's are: looked up on every answer while a quota is set
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof RateKey that
                && kind == that.kind && user.equals(that.user) && clientId.equals(that.clientId);
        }

        @Override
        public int hashCode() {
            return (kind.hashCode() * 31 + user.hashCode()) * 31 + clientId.hashCode();
        }
    }

    private record Quota(RateKey rateKey, double bytesPerSecond) {
    }

    /** What a client's throttling looks like, for metrics. */
    public interface Listener {
        void throttled(Kind kind, int throttleMs);
    }

    private final int samples;
    private final long windowMs;
    private final Listener listener;
    private final Map<ClientQuotaEntity, Map<Kind, Double>> quotas = new ConcurrentHashMap<>();
    private final Map<RateKey, ByteRate> rates = new ConcurrentHashMap<>();
    private final AtomicLong lastPurgeMs = new AtomicLong();
    private volatile boolean active;

    /** Rates over {@code samples} windows of {@code windowMs} (Kafka's quota.window.num and quota.window.size.seconds). */
    public ClientQuotaManager(int samples, long windowMs, Listener listener) {
        if (samples < 1 || windowMs < 1) {
            throw new IllegalArgumentException("a quota needs at least one window of at least 1 ms, not " + samples
                + " of " + windowMs + " ms");
        }
        this.samples = samples;
        this.windowMs = windowMs;
        this.listener = listener;
    }

    /** Replaces the quotas set on {@code entity} with those of {@code configs} this broker enforces. */
    public void set(ClientQuotaEntity entity, Map<String, Double> configs) {
        Map<Kind, Double> byKind = new EnumMap<>(Kind.class);
        configs.forEach((key, value) -> {
            Kind kind = KEYS.get(key);
            if (kind != null && value != null && value > 0) {
                byKind.put(kind, value);
            }
        });
        if (byKind.isEmpty()) {
            quotas.remove(entity);
        } else {
            quotas.put(entity, byKind);
        }
        active = !quotas.isEmpty();
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public int recordAndThrottleMs(Kind kind, KafkaPrincipal principal, String clientId, long bytes, long nowMs) {
        Quota quota = quotaOf(kind, principal.name(), clientId == null ? "" : clientId);
        purgeIdleRates(nowMs);
        if (quota == null) {
            return 0;
        }
        ByteRate rate = rates.computeIfAbsent(quota.rateKey(), key -> new ByteRate(samples, windowMs, nowMs));
        double throttle = rate.recordAndThrottleMs(bytes, nowMs, quota.bytesPerSecond());
        int throttleMs = (int) Math.min(samples * windowMs, Math.round(throttle));
        if (throttleMs > 0) {
            listener.throttled(kind, throttleMs);
        }
        return throttleMs;
    }

    /** The quota of a request of {@code kind} from {@code user} with {@code clientId}, or null if none is set. */
    private Quota quotaOf(Kind kind, String user, String clientId) {
        String[][] order = {
            {user, clientId}, {user, DEFAULT}, {user, null},
            {DEFAULT, clientId}, {DEFAULT, DEFAULT}, {DEFAULT, null},
            {null, clientId}, {null, DEFAULT},
        };
        for (String[] candidate : order) {
            Map<Kind, Double> set = quotas.get(new ClientQuotaEntity(candidate[0], candidate[1]));
            Double bytesPerSecond = set == null ? null : set.get(kind);
            if (bytesPerSecond != null) {
                return new Quota(new RateKey(kind, candidate[0] == null ? "" : user,
                    candidate[1] == null ? "" : clientId), bytesPerSecond);
            }
        }
        return null;
    }

    /** Drops, at most once a window, the rates idle for all the windows (they read 0 anyway). */
    private void purgeIdleRates(long nowMs) {
        long last = lastPurgeMs.get();
        if (nowMs - last < windowMs || !lastPurgeMs.compareAndSet(last, nowMs)) {
            return;
        }
        rates.values().removeIf(rate -> rate.idle(nowMs));
    }

    /** The quota in bytes per second a request would get, or -1 (for tests). */
    double quotaFor(Kind kind, String user, String clientId) {
        Quota quota = quotaOf(kind, user, clientId);
        return quota == null ? -1 : quota.bytesPerSecond();
    }

    /** The rates being kept now (for tests). */
    int rateCount() {
        return rates.size();
    }
}
