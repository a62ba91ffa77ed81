package io.zkafka.clients.admin;

import io.zkafka.common.Node;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** A consumer group as its coordinator describes it. */
public class ConsumerGroupDescription {
    private final String groupId;
    private final boolean isSimpleConsumerGroup;
    private final Collection<MemberDescription> members;
    private final String partitionAssignor;
    private final ConsumerGroupState state;
    private final Node coordinator;

    public ConsumerGroupDescription(String groupId, boolean isSimpleConsumerGroup,
                                    Collection<MemberDescription> members, String partitionAssignor,
                                    ConsumerGroupState state, Node coordinator) {
        this.groupId = groupId;
        this.isSimpleConsumerGroup = isSimpleConsumerGroup;
        this.members = members == null ? List.of() : List.copyOf(members);
        this.partitionAssignor = partitionAssignor == null ? "" : partitionAssignor;
        this.state = state;
        this.coordinator = coordinator;
    }

    public String groupId() {
        return groupId;
    }

    public boolean isSimpleConsumerGroup() {
        return isSimpleConsumerGroup;
    }

    public Collection<MemberDescription> members() {
        return members;
    }

    public String partitionAssignor() {
        return partitionAssignor;
    }

    public ConsumerGroupState state() {
        return state;
    }

    public Node coordinator() {
        return coordinator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerGroupDescription that && groupId.equals(that.groupId)
            && isSimpleConsumerGroup == that.isSimpleConsumerGroup && members.equals(that.members)
            && partitionAssignor.equals(that.partitionAssignor) && state == that.state
            && Objects.equals(coordinator, that.coordinator);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, isSimpleConsumerGroup, members, partitionAssignor, state, coordinator);
    }

    @Override
    public String toString() {
        return "(groupId=" + groupId + ", isSimpleConsumerGroup=" + isSimpleConsumerGroup + ", members=" + members
            + ", partitionAssignor=" + partitionAssignor + ", state=" + state + ", coordinator=" + coordinator + ")";
    }
}
