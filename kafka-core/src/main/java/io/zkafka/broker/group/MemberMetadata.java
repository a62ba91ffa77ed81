package io.zkafka.broker.group;

import io.zkafka.common.message.JoinGroupRequest.Protocol;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.SyncGroupResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a group: who it is, the protocols it supports (assignor name and subscription),
 * its assignment, and the join or sync answer it waits for. Guarded by its group's lock.
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
    CoordinatorScheduler.Cancellable sessionExpiry;

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

    void cancelSessionExpiry() {
        if (sessionExpiry != null) {
            sessionExpiry.cancel();
            sessionExpiry = null;
        }
    }
}
