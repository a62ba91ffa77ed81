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
 * is current. An error answer only sets flags in {@link MemberState} that the next poll acts on. A
 * consumer that has not polled for {@code max.poll.interval.ms} drops out of the group from here
 * (a dynamic member with a LeaveGroup; a static one just stops, its session expires on the broker).
 *
 * <p>A round started after an assignment that the leader marked as followed by another rebalance
 * beats every {@code retry.backoff.ms} for its first {@code heartbeat.interval.ms}, then at the
 * normal interval: the members giving partitions up rejoin at once, and this way the others hear of
 * the follow-up within a backoff rather than a whole interval (Kafka's consumers wait for their next
 * normal beat). The round ends at the first error answer, {@code REBALANCE_IN_PROGRESS} included.
 *
 * <p>Threads: {@link #start}/{@link #stop} on the application thread, the beats on the I/O thread;
 * the round counter, the end of the short beats and the last poll time are volatile.
 */
final class Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final CoordinatorChannel channel;
    private final MemberState member;
    private final int intervalMs;
    private final long shortIntervalMs;
    private final int maxPollIntervalMs;
    private volatile int round;
    /** Until when (epoch ms) the current round beats at the short interval; 0 when it does not. */
    private volatile long shortBeatsUntilMs;
    private volatile boolean running;
    private volatile long lastPollMs = System.currentTimeMillis();

    /**
     * @param shortIntervalMs the interval while a follow-up rebalance is expected ({@code retry.backoff.ms})
     */
    Heartbeat(CoordinatorChannel channel, MemberState member, int intervalMs, long shortIntervalMs,
              int maxPollIntervalMs) {
        this.channel = channel;
        this.member = member;
        this.intervalMs = intervalMs;
        // at least 10 ms, so retry.backoff.ms=0 does not turn the short beats into a busy loop
        this.shortIntervalMs = Math.min(Math.max(shortIntervalMs, 10), intervalMs);
        this.maxPollIntervalMs = maxPollIntervalMs;
    }

    void polled() {
        lastPollMs = System.currentTimeMillis();
    }

    boolean isRunning() {
        return running;
    }

    void start() {
        start(false);
    }

    /**
     * Starts a round of beats.
     *
     * @param followUpExpected whether the leader marked the assignment: beat at the short interval
     *                         for one normal interval
     */
    void start(boolean followUpExpected) {
        shortBeatsUntilMs = followUpExpected ? System.currentTimeMillis() + intervalMs : 0;
        int current = ++round;
        running = true;
        scheduleBeat(current);
    }

    private void scheduleBeat(int current) {
        long delayMs = System.currentTimeMillis() < shortBeatsUntilMs ? shortIntervalMs : intervalMs;
        channel.network().schedule(() -> beat(current), delayMs);
    }

    /** Stops the beats; an answer still in flight is ignored. */
    void stop() {
        round++;
        running = false;
    }

    private void beat(int current) {
        String target = channel.coordinator();
        if (current != round || member.needsJoin() || target == null) {
            if (current == round) {
                running = false;
            }
            return;
        }
        if (System.currentTimeMillis() - lastPollMs > maxPollIntervalMs) {
            LOG.warn("Consumer did not poll within max.poll.interval.ms={}; leaving group {}", maxPollIntervalMs,
                member.groupId());
            if (!member.isStatic()) {
                channel.network().send(target, new LeaveGroupRequest(member.groupId(), List.of(
                    new LeaveGroupRequest.MemberIdentity(member.memberId(), null))), true, channel.requestTimeoutMs());
            }
            member.reset();
            running = false;
            return;
        }
        channel.network().<HeartbeatResponse>call(target, new HeartbeatRequest(member.groupId(), member.generation(),
            member.memberId(), member.groupInstanceId()), channel.requestTimeoutMs()).whenComplete((response, e) -> {
                if (current != round) {
                    return;
                }
                if (e != null) {
                    channel.markUnknown();
                    running = false;
                    return;
                }
                if (response.error() == Errors.NONE) {
                    scheduleBeat(current);
                    return;
                }
                running = false;
                try {
                    if (member.onGroupError(response.error(), "heartbeat")) {
                        channel.markUnknown();
                    }
                } catch (ApiException fatal) {
                    LOG.error("Heartbeat of group {} failed: {}", member.groupId(), fatal.getMessage());
                }
            });
    }
}
