package io.zkafka.clients.admin;

import java.util.Objects;
import java.util.Optional;

/** A group as ListGroups names it: id, whether it only commits offsets (no protocol type), and state. */
public class ConsumerGroupListing {
    private final String groupId;
    private final boolean isSimpleConsumerGroup;
    private final Optional<ConsumerGroupState> state;

    public ConsumerGroupListing(String groupId, boolean isSimpleConsumerGroup) {
        this(groupId, isSimpleConsumerGroup, Optional.empty());
    }

    public ConsumerGroupListing(String groupId, boolean isSimpleConsumerGroup, Optional<ConsumerGroupState> state) {
        this.groupId = groupId;
        this.isSimpleConsumerGroup = isSimpleConsumerGroup;
        this.state = Objects.requireNonNull(state);
    }

    public String groupId() {
        return groupId;
    }

    public boolean isSimpleConsumerGroup() {
        return isSimpleConsumerGroup;
    }

    public Optional<ConsumerGroupState> state() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerGroupListing that && groupId.equals(that.groupId)
            && isSimpleConsumerGroup == that.isSimpleConsumerGroup && state.equals(that.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, isSimpleConsumerGroup, state);
    }

    @Override
    public String toString() {
        return "(groupId='" + groupId + "', isSimpleConsumerGroup=" + isSimpleConsumerGroup + ", state=" + state + ")";
    }
}
