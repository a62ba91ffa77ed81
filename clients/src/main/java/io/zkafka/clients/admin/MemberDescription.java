package io.zkafka.clients.admin;

import java.util.Objects;
import java.util.Optional;

/** One member of a consumer group: its member id, static instance id, client id, host and assignment. */
public class MemberDescription {
    private final String memberId;
    private final Optional<String> groupInstanceId;
    private final String clientId;
    private final String host;
    private final MemberAssignment assignment;

    public MemberDescription(String memberId, Optional<String> groupInstanceId, String clientId, String host,
                             MemberAssignment assignment) {
        this.memberId = memberId == null ? "" : memberId;
        this.groupInstanceId = Objects.requireNonNull(groupInstanceId);
        this.clientId = clientId == null ? "" : clientId;
        this.host = host == null ? "" : host;
        this.assignment = assignment == null ? new MemberAssignment(null) : assignment;
    }

    public String consumerId() {
        return memberId;
    }

    public Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    public String clientId() {
        return clientId;
    }

    public String host() {
        return host;
    }

    public MemberAssignment assignment() {
        return assignment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberDescription that && memberId.equals(that.memberId)
            && groupInstanceId.equals(that.groupInstanceId) && clientId.equals(that.clientId)
            && host.equals(that.host) && assignment.equals(that.assignment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memberId, groupInstanceId, clientId, host, assignment);
    }

    @Override
    public String toString() {
        return "(memberId=" + memberId + ", groupInstanceId=" + groupInstanceId.orElse("null") + ", clientId="
            + clientId + ", host=" + host + ", assignment=" + assignment + ")";
    }
}
