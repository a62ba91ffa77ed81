package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/** SyncGroup: the leader's assignments in, the member's assignment out, bytes untouched. */
final class SyncGroupApi implements KafkaApi {

    @Override
    public CompletableFuture<SyncGroupResponseData> handle(KafkaExchange exchange) {
        SyncGroupRequestData request = exchange.body();
        List<SyncGroupRequest.Assignment> assignments = new ArrayList<>(request.assignments().size());
        for (SyncGroupRequestData.SyncGroupRequestAssignment assignment : request.assignments()) {
            assignments.add(new SyncGroupRequest.Assignment(assignment.memberId(), assignment.assignment()));
        }
        SyncGroupRequest nativeRequest = new SyncGroupRequest(request.groupId(), request.generationId(),
            request.memberId(), request.groupInstanceId(), request.protocolType(), request.protocolName(), assignments);
        return exchange.<SyncGroupResponse>call(nativeRequest, 0).thenApply(SyncGroupApi::toKafka);
    }

    /** Protocol type and name are ignorable below version 5: Kafka's classes leave them out there. */
    static SyncGroupResponseData toKafka(SyncGroupResponse answer) {
        return new SyncGroupResponseData()
            .setErrorCode(answer.error().code())
            .setProtocolType(answer.protocolType())
            .setProtocolName(answer.protocolName())
            .setAssignment(answer.assignment() == null ? new byte[0] : answer.assignment());
    }
}
