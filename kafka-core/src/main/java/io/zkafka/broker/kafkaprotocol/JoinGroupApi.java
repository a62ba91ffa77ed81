package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;

/**
 * JoinGroup of the classic group protocol. From Kafka's version 4 the client handles
 * MEMBER_ID_REQUIRED (KIP-394): that is native version 1; older versions join at once (native 0).
 * Version 9's client knows SkipAssignment (KIP-814: a static leader rejoining without a rebalance
 * gets the members but does not assign): native version 2. Version 0 has no rebalance timeout: as
 * in Kafka, the session timeout is used. The members' protocol metadata (the consumer protocol's
 * subscription bytes) passes through untouched, so Kafka and ZKafka consumers can share a group.
 */
final class JoinGroupApi implements KafkaApi {
    /** The first Kafka version whose client handles MEMBER_ID_REQUIRED. */
    static final short MEMBER_ID_REQUIRED_VERSION = 4;
    /** The first Kafka version whose client knows SkipAssignment. */
    static final short SKIP_ASSIGNMENT_VERSION = 9;
    /** The first Kafka version whose answer carries the protocol type and a nullable protocol name. */
    private static final short PROTOCOL_TYPE_VERSION = 7;

    @Override
    public CompletableFuture<JoinGroupResponseData> handle(KafkaExchange exchange) {
        JoinGroupRequestData request = exchange.body();
        return exchange.<JoinGroupResponse>call(toNative(request, exchange.version()), nativeVersion(exchange.version()))
            .thenApply(answer -> toKafka(answer, exchange.version()));
    }

    /** The native JoinGroup version that has the semantics of Kafka's {@code kafkaVersion}. */
    static int nativeVersion(short kafkaVersion) {
        if (kafkaVersion >= SKIP_ASSIGNMENT_VERSION) {
            return JoinGroupRequest.SKIP_ASSIGNMENT_VERSION;
        }
        return kafkaVersion >= MEMBER_ID_REQUIRED_VERSION ? JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION : 0;
    }

    static JoinGroupRequest toNative(JoinGroupRequestData request, short version) {
        List<JoinGroupRequest.Protocol> protocols = new ArrayList<>(request.protocols().size());
        for (JoinGroupRequestProtocol protocol : request.protocols()) {
            protocols.add(new JoinGroupRequest.Protocol(protocol.name(), protocol.metadata()));
        }
        int rebalanceTimeoutMs = version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        return new JoinGroupRequest(request.groupId(), request.sessionTimeoutMs(), rebalanceTimeoutMs,
            request.memberId(), request.groupInstanceId(), request.protocolType(), protocols);
    }

    static JoinGroupResponseData toKafka(JoinGroupResponse answer, short version) {
        JoinGroupResponseData out = new JoinGroupResponseData()
            .setErrorCode(answer.error().code())
            .setGenerationId(answer.generationId())
            .setLeader(answer.leader() == null ? "" : answer.leader())
            .setMemberId(answer.memberId() == null ? "" : answer.memberId());
        if (version >= PROTOCOL_TYPE_VERSION) {
            out.setProtocolType(answer.protocolType()).setProtocolName(answer.protocolName());
        } else {
            out.setProtocolName(answer.protocolName() == null ? "" : answer.protocolName());
        }
        if (version >= SKIP_ASSIGNMENT_VERSION) {
            out.setSkipAssignment(answer.skipAssignment());
        }
        for (JoinGroupResponse.Member member : answer.members()) {
            out.members().add(new JoinGroupResponseMember()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.groupInstanceId())
                .setMetadata(member.metadata()));
        }
        return out;
    }
}
