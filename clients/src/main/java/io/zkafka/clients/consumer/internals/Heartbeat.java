package io.zkafka.clients.consumer.internals;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stable membership alive: a heartbeat every {@code heartbeat.interval.ms} on the network
 * client's I/O thread ({@code NetworkClient.schedule}), for as long as the round it was started in
 * is current. A membership error answer only sets flags in {@link MemberState} that the next poll
 * acts on. A consumer that has not polled for {@code max.poll.interval.ms} drops out of the group
 * from here (a dynamic member with a LeaveGroup; a static one just stops, its session expires on
 * the broker).
 *
 * <p>Losing the coordinator does not end the round: when a beat fails (connection lost or refused,
 * no answer within {@link #beatTimeoutMs}) or is answered with a coordinator error, the beat looks
 * the coordinator up again itself ({@link CoordinatorChannel#findCoordinatorAsync}) and beats again
 * every {@code retry.backoff.ms} until one is answered, whether or not the application polls. So a
 * live member reaches a new coordinator within a backoff of its being ready, which is what lets
 * the coordinator drop members that have not come back within its reconnect grace (kafka-core's
 * README, "Consumer groups").
 *
 * <p>A round started after an assignment that the leader marked as followed by another rebalance
 * beats every {@code retry.backoff.ms} for its first {@code heartbeat.interval.ms}, then at the
 * normal interval: the members giving partitions up rejoin at once, and this way the others hear of
 * the follow-up within a backoff rather than a whole interval (Kafka's consumers wait for their next
 * normal beat). The round ends at the first membership error answer, {@code REBALANCE_IN_PROGRESS}
 * included.
 *
 * <p>Threads: {@link #start}/{@link #resume}/{@link #stop} on the application thread, the beats on
 * the I/O thread; the round counter, the end of the short beats and the last poll time are volatile.
 */
final class Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    /** The least time a beat waits for its answer before the coordinator counts as lost. */
    private static final long MIN_BEAT_TIMEOUT_MS = 5_000;

    private final CoordinatorChannel channel;
    private final MemberState member;
    private final int intervalMs;
    private final long shortIntervalMs;
    private final int maxPollIntervalMs;
    private final long beatTimeoutMs;
    private volatile int round;
    /** Until when (epoch ms) the current round beats at the short interval; 0 when it does not. */
    private volatile long shortBeatsUntilMs;
    private volatile boolean running;
    private volatile long lastPollMs = System.currentTimeMillis();
    private final CoordinatorMetrics metrics;

    /**
     * @param shortIntervalMs the interval while a follow-up rebalance is expected, and between
     *                        attempts to reach a lost coordinator ({@code retry.backoff.ms})
     * @param requestTimeoutMs the longest a beat waits for its answer
     */
    Heartbeat(CoordinatorChannel channel, MemberState member, int intervalMs, long shortIntervalMs,
              int maxPollIntervalMs, long requestTimeoutMs, CoordinatorMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.member = member;
        this.intervalMs = intervalMs;
        // at least 10 ms, so retry.backoff.ms=0 does not turn the short beats into a busy loop
        this.shortIntervalMs = Math.min(Math.max(shortIntervalMs, 10), intervalMs);
        this.maxPollIntervalMs = maxPollIntervalMs;
        // a silent coordinator is given up after three missed intervals, not a whole request timeout
        this.beatTimeoutMs = Math.min(requestTimeoutMs, Math.max(3L * intervalMs, MIN_BEAT_TIMEOUT_MS));
    }

    void polled() {
        lastPollMs = System.currentTimeMillis();
    }

    boolean isRunning() {
        return running;
    }

    /** Starts a round of beats after a sync, the first one an interval from now. */
    void start() {
        start(false);
    }

    /**
     * Starts a round of beats after a sync, the first one an interval from now.
     *
     * @param followUpExpected whether the leader marked the assignment: beat at the short interval
     *                         for one normal interval
     */
    void start(boolean followUpExpected) {
        shortBeatsUntilMs = followUpExpected ? System.currentTimeMillis() + intervalMs : 0;
        scheduleBeat(newRound(), false);
    }

    /**
     * Starts a round whose first beat goes out at once: the coordinator was just found again, and
     * it should hear from this member before it gives up on it.
     */
    void resume() {
        shortBeatsUntilMs = 0;
        int current = newRound();
        channel.network().schedule(() -> beat(current), 0);
    }

    private int newRound() {
        int current = ++round;
        running = true;
        return current;
    }

    private void scheduleBeat(int current, boolean retry) {
        long delayMs = retry || System.currentTimeMillis() < shortBeatsUntilMs ? shortIntervalMs : intervalMs;
        channel.network().schedule(() -> beat(current), delayMs);
    }

    /** Stops the beats; an answer still in flight is ignored. */
    void stop() {
        round++;
        running = false;
    }

    private void beat(int current) {
        if (current != round || member.needsJoin()) {
            if (current == round) {
                running = false;
            }
            return;
        }
        String target = channel.coordinator();
        if (System.currentTimeMillis() - lastPollMs > maxPollIntervalMs) {
            LOG.warn("Consumer did not poll within max.poll.interval.ms={}; leaving group {}", maxPollIntervalMs,
                member.groupId());
            if (!member.isStatic() && target != null) {
                channel.network().send(target, new LeaveGroupRequest(member.groupId(), List.of(
                    new LeaveGroupRequest.MemberIdentity(member.memberId(), null))), true, channel.requestTimeoutMs());
            }
            member.reset();
            running = false;
            return;
        }
        if (target == null) {
            channel.findCoordinatorAsync().whenComplete((found, e) -> {
                if (current == round) { // found: beat at once; else try again after a backoff
                    channel.network().schedule(() -> beat(current), found == null ? shortIntervalMs : 0);
                }
            });
            return;
        }
        long sentNanos = System.nanoTime();
        channel.network().<HeartbeatResponse>call(target, new HeartbeatRequest(member.groupId(), member.generation(),
            member.memberId(), member.groupInstanceId()), beatTimeoutMs).whenComplete((response, e) -> {
                if (response != null) {
                    metrics.heartbeatAnswered(System.nanoTime() - sentNanos);
                }
                if (current != round) {
                    return;
                }
                if (e != null) {
                    lost(current, target);
                    return;
                }
                if (response.error() == Errors.NONE) {
                    scheduleBeat(current, false);
                    return;
                }
                if (isCoordinatorError(response.error())) {
                    lost(current, target);
                    return;
                }
                running = false;
                try {
                    member.onGroupError(response.error(), "heartbeat");
                } catch (ApiException fatal) {
                    LOG.error("Heartbeat of group {} failed: {}", member.groupId(), fatal.getMessage());
                }
            });
    }

    /** The coordinator did not answer or is not it any more: find it again and beat after a backoff. */
    private void lost(int current, String target) {
        channel.markUnknown(target);
        scheduleBeat(current, true);
    }

    private static boolean isCoordinatorError(Errors error) {
        return error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE
            || error == Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }
}
