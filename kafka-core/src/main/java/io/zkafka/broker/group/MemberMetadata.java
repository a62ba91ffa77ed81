package io.zkafka.broker.group;

import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupRequest.Protocol;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.SyncGroupResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One member of a group: who it is, the protocols it supports (assignor name and subscription),
 * its assignment, the join or sync answer it waits for, and its session timer. Guarded by its
 * group's lock.
 */
final class MemberMetadata {
    final String memberId;
    final String groupInstanceId;
    final String clientId;
    final String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = new byte[0];
    CompletableFuture<JoinGroupResponse> awaitingJoin;
    CompletableFuture<SyncGroupResponse> awaitingSync;
    /** The member's one removal timer ({@link MemberLiveness}); null while none runs (its join is parked). */
    CoordinatorScheduler.Cancellable sessionExpiry;
    /** When {@link #sessionExpiry} fires; {@code Long.MAX_VALUE} while none runs. */
    long expiresAtMs = Long.MAX_VALUE;
    /** The connection of the member's latest request (completes when it closes), or null if unknown. */
    CompletionStage<Void> connection;

    MemberMetadata(String memberId, String groupInstanceId, String clientId, String clientHost, int sessionTimeoutMs,
                   int rebalanceTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = protocols;
    }

    /** A member joining for the first time, under a new member id. */
    static MemberMetadata joining(JoinGroupRequest request, String clientId, String clientHost) {
        return joining(newMemberId(clientId), request, clientId, clientHost);
    }

    /** A member joining for the first time under {@code memberId} (given to it by MEMBER_ID_REQUIRED). */
    static MemberMetadata joining(String memberId, JoinGroupRequest request, String clientId, String clientHost) {
        return new MemberMetadata(memberId, request.groupInstanceId(), clientId, clientHost,
            request.sessionTimeoutMs(), request.rebalanceTimeoutMs(), request.protocols());
    }

    /** A new member id: {@code clientId-UUID}, as Kafka's. */
    static String newMemberId(String clientId) {
        return clientId + "-" + UUID.randomUUID();
    }

    /** A static member ({@code group.instance.id}): its session survives a lost connection. */
    boolean isStatic() {
        return groupInstanceId != null;
    }

    /** Takes what a rejoin may change: protocols and timeouts. */
    void update(JoinGroupRequest request) {
        protocols = request.protocols();
        sessionTimeoutMs = request.sessionTimeoutMs();
        rebalanceTimeoutMs = request.rebalanceTimeoutMs();
    }

    /** The member's subscription for a protocol, or null when it does not support it. */
    byte[] metadata(String protocol) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        return null;
    }

    boolean supports(String protocol) {
        return metadata(protocol) != null;
    }

    /** Answers the member's parked join, if any. */
    void answerJoin(JoinGroupResponse response) {
        CompletableFuture<JoinGroupResponse> waiting = awaitingJoin;
        awaitingJoin = null;
        if (waiting != null) {
            waiting.complete(response);
        }
    }

    /** Answers the member's parked sync, if any. */
    void answerSync(SyncGroupResponse response) {
        CompletableFuture<SyncGroupResponse> waiting = awaitingSync;
        awaitingSync = null;
        if (waiting != null) {
            waiting.complete(response);
        }
    }

    void cancelSessionExpiry() {
        if (sessionExpiry != null) {
            sessionExpiry.cancel();
            sessionExpiry = null;
        }
        expiresAtMs = Long.MAX_VALUE;
    }
}
