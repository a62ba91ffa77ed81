package io.zkafka.broker.group;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.protocol.Errors;
import java.util.Arrays;
import java.util.UUID;

/**
 * Static membership ({@code group.instance.id}) rules of a group, kept apart from the join
 * protocol: the group maps each instance id to the member id that holds it now; a request naming
 * the instance with any other member id is fenced (FENCED_INSTANCE_ID). A static member rejoining
 * with no member id takes its old member's place: it gets a new member id and the old one's
 * assignment, and the old id is fenced. Whether the others must rebalance depends on whether its
 * subscription changed.
 *
 * <p>Stateless; every method runs under the group's lock, which the caller holds.
 */
final class StaticMembers {
    private StaticMembers() {
    }

    /** FENCED_INSTANCE_ID when the instance id is held by another member id, else NONE. */
    static Errors fencingError(GroupMetadata group, String memberId, String groupInstanceId) {
        if (groupInstanceId == null) {
            return Errors.NONE;
        }
        String holder = group.staticMembers.get(groupInstanceId);
        return holder != null && !holder.equals(memberId) ? Errors.FENCED_INSTANCE_ID : Errors.NONE;
    }

    /** The member currently holding the instance id, or null. */
    static MemberMetadata holder(GroupMetadata group, String groupInstanceId) {
        String memberId = groupInstanceId == null ? null : group.staticMembers.get(groupInstanceId);
        return memberId == null ? null : group.members.get(memberId);
    }

    /** Adds a member, recording its instance id if it has one. */
    static void add(GroupMetadata group, MemberMetadata member) {
        group.members.put(member.memberId, member);
        if (member.groupInstanceId != null) {
            group.staticMembers.put(member.groupInstanceId, member.memberId);
        }
    }

    /** Forgets the instance id mapping of a member that leaves. */
    static void removed(GroupMetadata group, MemberMetadata member) {
        if (member.groupInstanceId != null && member.memberId.equals(group.staticMembers.get(member.groupInstanceId))) {
            group.staticMembers.remove(member.groupInstanceId);
        }
    }

    /**
     * Replaces the old holder of the request's instance id by a new member that inherits its
     * assignment (and its leadership); the old member id is fenced from now on.
     */
    static MemberMetadata replace(GroupMetadata group, MemberMetadata old, JoinGroupRequest request, String clientId,
                                  String clientHost) {
        MemberMetadata replacement = new MemberMetadata(clientId + "-" + UUID.randomUUID(), old.groupInstanceId,
            clientId, clientHost, request.sessionTimeoutMs(), request.rebalanceTimeoutMs(), request.protocols());
        replacement.assignment = old.assignment;
        group.members.remove(old.memberId);
        add(group, replacement);
        if (old.memberId.equals(group.leaderId)) {
            group.leaderId = replacement.memberId;
        }
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
