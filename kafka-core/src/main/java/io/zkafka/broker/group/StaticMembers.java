package io.zkafka.broker.group;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.protocol.Errors;
import java.util.Arrays;

/**
 * Static membership ({@code group.instance.id}) rules of a group, kept apart from the join
 * protocol: the group maps each instance id to the member id that holds it now; a request naming
 * the instance with any other member id is fenced (FENCED_INSTANCE_ID). A static member rejoining
 * with no member id takes its old member's place: it gets a new member id and the old one's
 * assignment, and the old id is fenced. Whether the others must rebalance depends on whether its
 * subscription changed.
 *
 * <p>Stateless (the group holds the instance ids: {@link GroupMetadata#staticMember}); every method
 * runs under the group's lock, which the caller holds.
 */
final class StaticMembers {
    private StaticMembers() {
    }

    /** FENCED_INSTANCE_ID when the instance id is held by another member id, else NONE. */
    static Errors fencingError(GroupMetadata group, String memberId, String groupInstanceId) {
        MemberMetadata holder = group.staticMember(groupInstanceId);
        return holder != null && !holder.memberId.equals(memberId) ? Errors.FENCED_INSTANCE_ID : Errors.NONE;
    }

    /**
     * Replaces the old holder of the request's instance id by a new member that inherits its
     * assignment (and its leadership); the old member id is fenced from now on.
     */
    static MemberMetadata replace(GroupMetadata group, MemberMetadata old, JoinGroupRequest request, String clientId,
                                  String clientHost) {
        MemberMetadata replacement = MemberMetadata.joining(request, clientId, clientHost);
        replacement.assignment = old.assignment;
        group.replace(old, replacement);
        return replacement;
    }

    /**
     * Whether the rejoining member subscribes as before under the group's protocol: the topics for
     * the consumer protocol (owned partitions and generation legitimately differ after a restart),
     * the bytes for any other protocol type.
     */
    static boolean sameSubscription(GroupMetadata group, MemberMetadata old, JoinGroupRequest request) {
        if (group.protocol == null) {
            return false;
        }
        byte[] before = old.metadata(group.protocol);
        byte[] now = null;
        for (JoinGroupRequest.Protocol p : request.protocols()) {
            if (p.name().equals(group.protocol)) {
                now = p.metadata();
            }
        }
        if (before == null || now == null) {
            return false;
        }
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType)) {
            return Arrays.equals(before, now);
        }
        try {
            return ConsumerProtocol.readSubscription(before).equals(ConsumerProtocol.readSubscription(now));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
