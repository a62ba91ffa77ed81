package io.zkafka.broker.network;

import io.zkafka.common.security.KafkaPrincipal;

/**
 * The byte-rate quotas of clients, as the connections see them: each produce request and each
 * consumer's fetch answer is recorded against the quota of its user and client id, and when the
 * client is over it the connection pauses (stops reading) for the time returned. Called on the
 * connections' event loops, so implementations are thread-safe and must not block.
 */
public interface ClientQuotas {

    /** The quota a request counts against: Kafka's {@code producer_byte_rate} or {@code consumer_byte_rate}. */
    enum Kind { PRODUCE, FETCH }

    /** No quotas: nothing is recorded and nothing pauses. */
    ClientQuotas NONE = new ClientQuotas() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public int recordAndThrottleMs(Kind kind, KafkaPrincipal principal, String clientId, long bytes, long nowMs) {
            return 0;
        }
    };

    /** Whether any quota is set; when none is, connections skip the accounting altogether. */
    boolean active();

    /**
     * Records {@code bytes} used by the client and returns how long its connection must pause so that its
     * rate comes back under its quota: 0 when it is under it or has none.
     */
    int recordAndThrottleMs(Kind kind, KafkaPrincipal principal, String clientId, long bytes, long nowMs);
}
