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
 * <p>Threads: {@link #start}/{@link #stop} on the application thread, the beats on the I/O thread;
 * the round counter and last poll time are volatile.
 */
final class Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final CoordinatorChannel channel;
    private final MemberState member;
    private final int intervalMs;
    private final int maxPollIntervalMs;
    private volatile int round;
    private volatile boolean running;
    private volatile long lastPollMs = System.currentTimeMillis();

    Heartbeat(CoordinatorChannel channel, MemberState member, int intervalMs, int maxPollIntervalMs) {
        this.channel = channel;
        this.member = member;
        this.intervalMs = intervalMs;
        this.maxPollIntervalMs = maxPollIntervalMs;
    }

    void polled() {
        lastPollMs = System.currentTimeMillis();
    }

    boolean isRunning() {
        return running;
    }

    void start() {
        int current = ++round;
        running = true;
        channel.network().schedule(() -> beat(current), intervalMs);
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
                    channel.network().schedule(() -> beat(current), intervalMs);
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
