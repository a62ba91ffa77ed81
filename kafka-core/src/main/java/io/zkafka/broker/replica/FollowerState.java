package io.zkafka.broker.replica;

/**
 * What the leader knows of one follower: its log end offset (the offset it last fetched from), its
 * log start offset (as its last fetch said; -1 until one did) and when it was last caught up. A follower is caught up at time T if it fetched, at T, an offset at
 * least the leader's log end offset of its previous fetch: it has everything the leader had then.
 * Guarded by the owning {@link Partition}'s lock.
 */
final class FollowerState {
    long logEndOffset = -1;
    long logStartOffset = -1;
    long lastCaughtUpTimeMs;
    private long lastFetchTimeMs;
    private long leaderEndOffsetAtLastFetch;

    FollowerState(long nowMs) {
        this.lastCaughtUpTimeMs = nowMs;
        this.lastFetchTimeMs = nowMs;
    }

    void onFetch(long fetchOffset, long followerLogStart, long leaderEndOffset, long nowMs) {
        if (followerLogStart >= 0) {
            logStartOffset = followerLogStart;
        }
        if (fetchOffset >= leaderEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, nowMs);
        } else if (fetchOffset >= leaderEndOffsetAtLastFetch) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, lastFetchTimeMs);
        }
        logEndOffset = fetchOffset;
        leaderEndOffsetAtLastFetch = leaderEndOffset;
        lastFetchTimeMs = nowMs;
    }
}
