package io.zkafka.broker.liveness;

/**
 * What the fast failure detection knows about one incarnation of a peer broker, and what to do
 * next, as a state machine fed with the outcomes of connections to the peer's registered listener.
 *
 * <pre>
 *                connected                connection lost
 *   CONNECTING -------------> WATCHING ----------------------> SUSPECT --refused, N times in a row--> DEAD
 *     |    ^                     ^                              |   |
 *     +----+ refused or           +--------- connected ----------+   +--+ unreachable: refusals start
 *       unreachable: retry later                                         over, probe again later
 * </pre>
 *
 * <p>Death needs both halves of the evidence: an established connection to the peer's listener
 * closed (the kernel closes a dead process's sockets), and then fresh connections to that port
 * refused (nothing listens there any more), {@code refusalsToDeclareDead} times in a row. A
 * refusal before any connection was ever established proves nothing (an advertised address that
 * never worked), a timeout or another error proves nothing (a slow or cut-off peer, a full accept
 * queue), and a frozen process (SIGSTOP) keeps its sockets and its listen backlog accepts
 * connections, so none of them leads to DEAD. DEAD is final for the incarnation.
 *
 * <p>Not thread-safe: confined to the monitor's thread.
 */
final class DeathEvidence {
    enum State { CONNECTING, WATCHING, SUSPECT, DEAD }

    /** What the monitor does next. */
    enum Next {
        /** Nothing: keep watching the connection, or stay dead. */
        NOTHING,
        /** Connect to the listener again now. */
        PROBE_NOW,
        /** Connect again after the short probe interval (the next refusal to count). */
        PROBE_AFTER_INTERVAL,
        /** Connect again after the retry backoff (nothing learned this time). */
        RETRY_LATER,
        /** The incarnation is dead: act as if its session had expired. */
        DECLARE_DEAD
    }

    private final int refusalsToDeclareDead;
    private State state = State.CONNECTING;
    private int refusals;

    DeathEvidence(int refusalsToDeclareDead) {
        if (refusalsToDeclareDead < 1) {
            throw new IllegalArgumentException("at least one refusal must be seen, got " + refusalsToDeclareDead);
        }
        this.refusalsToDeclareDead = refusalsToDeclareDead;
    }

    State state() {
        return state;
    }

    /** A connection to the listener was established. */
    Next connected() {
        if (state != State.DEAD) {
            state = State.WATCHING;
            refusals = 0;
        }
        return Next.NOTHING;
    }

    /** The established connection closed. */
    Next connectionLost() {
        if (state != State.WATCHING) {
            return Next.NOTHING;
        }
        state = State.SUSPECT;
        refusals = 0;
        return Next.PROBE_NOW;
    }

    /** A connection attempt was refused (nothing listens on the port). */
    Next refused() {
        return switch (state) {
            case CONNECTING -> Next.RETRY_LATER;
            case SUSPECT -> {
                refusals++;
                if (refusals >= refusalsToDeclareDead) {
                    state = State.DEAD;
                    yield Next.DECLARE_DEAD;
                }
                yield Next.PROBE_AFTER_INTERVAL;
            }
            default -> Next.NOTHING;
        };
    }

    /** A connection attempt timed out or failed for another reason than a refusal. */
    Next unreachable() {
        return switch (state) {
            case CONNECTING -> Next.RETRY_LATER;
            case SUSPECT -> {
                refusals = 0;
                yield Next.RETRY_LATER;
            }
            default -> Next.NOTHING;
        };
    }
}
