package io.zkafka.clients.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * A consumer's place in its group (Kafka's class): the group id, the generation and member id of
 * its last join, and its static instance id. {@code KafkaConsumer.groupMetadata()} gives it; a
 * transactional producer passes it to {@code sendOffsetsToTransaction}, so the group coordinator
 * refuses offsets from a member that a rebalance has replaced (a zombie). Immutable.
 */
public final class ConsumerGroupMetadata {
    /** The generation of a consumer that has not joined, or commits without a group. */
    public static final int UNKNOWN_GENERATION_ID = -1;
    /** The member id of a consumer that has not joined. */
    public static final String UNKNOWN_MEMBER_ID = "";

    private final String groupId;
    private final int generationId;
    private final String memberId;
    private final Optional<String> groupInstanceId;

    public ConsumerGroupMetadata(String groupId, int generationId, String memberId, Optional<String> groupInstanceId) {
        this.groupId = Objects.requireNonNull(groupId, "group.id can't be null");
        this.generationId = generationId;
        this.memberId = Objects.requireNonNull(memberId, "member.id can't be null");
        this.groupInstanceId = Objects.requireNonNull(groupInstanceId, "group.instance.id can't be null");
    }

    /** Only a group id: the offsets are committed without checking a member (Kafka's constructor). */
    public ConsumerGroupMetadata(String groupId) {
        this(groupId, UNKNOWN_GENERATION_ID, UNKNOWN_MEMBER_ID, Optional.empty());
    }

    public String groupId() {
        return groupId;
    }

    public int generationId() {
        return generationId;
    }

    public String memberId() {
        return memberId;
    }

    public Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerGroupMetadata other && groupId.equals(other.groupId)
            && generationId == other.generationId && memberId.equals(other.memberId)
            && groupInstanceId.equals(other.groupInstanceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, generationId, memberId, groupInstanceId);
    }

    @Override
    public String toString() {
        return "GroupMetadata(groupId = " + groupId + ", generationId = " + generationId + ", memberId = " + memberId
            + ", groupInstanceId = " + groupInstanceId.orElse("") + ")";
    }
}
