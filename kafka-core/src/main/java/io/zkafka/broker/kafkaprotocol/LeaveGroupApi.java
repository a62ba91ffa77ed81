package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.LeaveGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;

/**
 * LeaveGroup: versions 0 to 2 name one member and answer its outcome as the top-level error;
 * from version 3 (KIP-345) a batch of members, by member id and/or instance id, each answered.
 * Version 5's reason is not kept (ZKafka logs the departure without it).
 */
final class LeaveGroupApi implements KafkaApi {
    /** The first version with the batched members. */
    static final short BATCHED_VERSION = 3;

    @Override
    public CompletableFuture<LeaveGroupResponseData> handle(KafkaExchange exchange) {
        LeaveGroupRequestData request = exchange.body();
        return exchange.<LeaveGroupResponse>call(toNative(request, exchange.version()), 0)
            .thenApply(answer -> toKafka(answer, exchange.version()));
    }

    static LeaveGroupResponseData toKafka(LeaveGroupResponse answer, short version) {
        return version >= BATCHED_VERSION ? batchedToKafka(answer) : singleToKafka(answer);
    }

    static LeaveGroupRequest toNative(LeaveGroupRequestData request, short version) {
        if (version < BATCHED_VERSION) {
            return new LeaveGroupRequest(request.groupId(),
                List.of(new LeaveGroupRequest.MemberIdentity(request.memberId(), null)));
        }
        List<LeaveGroupRequest.MemberIdentity> members = new ArrayList<>(request.members().size());
        for (MemberIdentity member : request.members()) {
            members.add(new LeaveGroupRequest.MemberIdentity(member.memberId(), member.groupInstanceId()));
        }
        return new LeaveGroupRequest(request.groupId(), members);
    }

    private static LeaveGroupResponseData singleToKafka(LeaveGroupResponse answer) {
        Errors error = answer.error();
        if (error == Errors.NONE && !answer.members().isEmpty()) {
            error = answer.members().get(0).error();
        }
        return new LeaveGroupResponseData().setErrorCode(error.code());
    }

    private static LeaveGroupResponseData batchedToKafka(LeaveGroupResponse answer) {
        LeaveGroupResponseData out = new LeaveGroupResponseData().setErrorCode(answer.error().code());
        for (LeaveGroupResponse.MemberResponse member : answer.members()) {
            out.members().add(new MemberResponse()
                .setMemberId(member.memberId() == null ? "" : member.memberId())
                .setGroupInstanceId(member.groupInstanceId())
                .setErrorCode(member.error().code()));
        }
        return out;
    }
}
