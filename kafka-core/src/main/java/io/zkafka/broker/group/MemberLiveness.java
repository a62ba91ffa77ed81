package io.zkafka.broker.group;

import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.concurrent.CompletionStage;

/**
 * When each member of a group stops counting as alive: one timer per member, which removes it when
 * it fires. The rules:
 * <ul>
 *   <li>A request from the member (a heartbeat, a sync, a commit, a join answered at once) restarts
 *   its session: it is removed unless it is heard from again within {@code session.timeout.ms}.</li>
 *   <li>While its join is parked (waiting for the join phase to end) it has no timer: the group waits
 *   for it, not the other way round (Kafka's rule).</li>
 *   <li>The connection its latest request came on closes (a ZKafka rule beyond Kafka's): a dynamic
 *   member's removal comes forward to the reconnect grace from now, if that is sooner; its parked
 *   join or sync is dropped, as nobody is left to read the answer, so it no longer counts as
 *   rejoined. A request on another connection restarts its full session. A static member's session
 *   is left alone: surviving a lost connection is what static membership is for.</li>
 *   <li>A group loaded from its offsets partition after a coordinator move: its dynamic members,
 *   none of whose connections this broker has seen, get the reconnect grace to show up; static
 *   members their session timeout.</li>
 * </ul>
 * The grace is {@code min(session.timeout.ms, group.member.reconnect.grace.ms)}; a grace of 0
 * turns the connection rules off (every member gets its session timeout, as in Kafka).
 *
 * <p>Threads: every method runs under the group's lock, held by the caller; a connection's close is
 * noticed on its event loop and handed to the coordinator thread, which takes the lock.
 */
final class MemberLiveness {
    /** Removes a member whose time ran out; called on the coordinator thread under the group's lock. */
    @FunctionalInterface
    interface Expiry {
        void expire(GroupMetadata group, MemberMetadata member, String why);
    }

    private final CoordinatorScheduler scheduler;
    private final int reconnectGraceMs;
    private final Expiry expiry;

    MemberLiveness(CoordinatorScheduler scheduler, int reconnectGraceMs, Expiry expiry) {
        this.scheduler = scheduler;
        this.reconnectGraceMs = reconnectGraceMs;
        this.expiry = expiry;
    }

    /**
     * The member sent a request on {@code connection} (null when unknown): its session restarts,
     * unless its join is parked.
     */
    void heardFrom(GroupMetadata group, MemberMetadata member, CompletionStage<Void> connection) {
        watch(group, member, connection);
        if (member.awaitingJoin == null) {
            restartSession(group, member);
        }
    }

    /** The member's join is parked on {@code connection}: no timer until the join phase ends. */
    void parked(GroupMetadata group, MemberMetadata member, CompletionStage<Void> connection) {
        watch(group, member, connection);
        member.cancelSessionExpiry();
    }

    /** Restarts the member's session: removed unless heard from within its session timeout. */
    void restartSession(GroupMetadata group, MemberMetadata member) {
        expireIn(group, member, member.sessionTimeoutMs,
            "expired after " + member.sessionTimeoutMs + " ms without a heartbeat");
    }

    /**
     * A group just loaded from its offsets partition: static members get their session timeout,
     * dynamic ones the reconnect grace to reach this coordinator.
     */
    void loaded(GroupMetadata group) {
        for (MemberMetadata member : group.members()) {
            long grace = graceMs(member);
            if (grace < member.sessionTimeoutMs) {
                expireIn(group, member, grace, "did not reach the new coordinator within " + grace + " ms");
            } else {
                restartSession(group, member);
            }
        }
    }

    /** The reconnect grace of this member: how long it may be without a connection here. */
    long graceMs(MemberMetadata member) {
        return member.isStatic() || reconnectGraceMs <= 0 ? member.sessionTimeoutMs
            : Math.min(member.sessionTimeoutMs, reconnectGraceMs);
    }

    /** Follows the connection of the member's latest request, once per connection. */
    private void watch(GroupMetadata group, MemberMetadata member, CompletionStage<Void> connection) {
        if (connection == null || connection == member.connection) {
            return;
        }
        member.connection = connection;
        if (member.isStatic() || reconnectGraceMs <= 0) {
            return;
        }
        connection.thenRun(() -> scheduler.execute(() -> {
            synchronized (group.lock) {
                connectionClosed(group, member, connection);
            }
        }));
    }

    /**
     * The connection {@code connection} closed. If it is still the one of the member's latest
     * request, the member must come back within the grace. Coordinator thread, under the lock.
     */
    void connectionClosed(GroupMetadata group, MemberMetadata member, CompletionStage<Void> connection) {
        if (group.is(GroupState.DEAD) || group.member(member.memberId) != member || member.connection != connection) {
            return;
        }
        member.connection = null;
        boolean wasParked = member.awaitingJoin != null;
        // nobody reads these answers; they only release the parked requests
        member.answerJoin(JoinGroupResponse.error(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        member.answerSync(SyncGroupResponse.error(Errors.REBALANCE_IN_PROGRESS));
        long grace = graceMs(member);
        if (wasParked || scheduler.milliseconds() + grace < member.expiresAtMs) {
            expireIn(group, member, grace, "lost its connection and did not come back within " + grace + " ms");
        }
    }

    private void expireIn(GroupMetadata group, MemberMetadata member, long delayMs, String why) {
        member.cancelSessionExpiry();
        member.expiresAtMs = scheduler.milliseconds() + delayMs;
        member.sessionExpiry = scheduler.schedule(delayMs, () -> {
            synchronized (group.lock) {
                if (group.member(member.memberId) == member && member.awaitingJoin == null
                        && !group.is(GroupState.DEAD)) {
                    expiry.expire(group, member, why);
                }
            }
        });
    }
}
