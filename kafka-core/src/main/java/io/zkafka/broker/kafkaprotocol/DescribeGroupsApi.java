package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DescribeGroupsRequest;
import io.zkafka.common.message.DescribeGroupsResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;

/**
 * DescribeGroups: state, protocol and members with their subscription and assignment bytes, and
 * (version 3+, when asked for) each group's authorized operations ({@link AuthorizedOperations}).
 */
final class DescribeGroupsApi implements KafkaApi {
    private final AuthorizedOperations authorizedOperations;

    DescribeGroupsApi(AuthorizedOperations authorizedOperations) {
        this.authorizedOperations = authorizedOperations;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponseData> handle(KafkaExchange exchange) {
        DescribeGroupsRequestData request = exchange.body();
        boolean operations = exchange.version() >= 3 && request.includeAuthorizedOperations();
        return exchange.<DescribeGroupsResponse>call(new DescribeGroupsRequest(request.groups()), 0).thenApply(answer -> {
            DescribeGroupsResponseData out = toKafka(answer);
            if (operations) {
                out.groups().forEach(group -> group.setAuthorizedOperations(
                    authorizedOperations.group(exchange, group.groupId())));
            }
            return out;
        });
    }

    static DescribeGroupsResponseData toKafka(DescribeGroupsResponse answer) {
        DescribeGroupsResponseData out = new DescribeGroupsResponseData();
        for (DescribeGroupsResponse.DescribedGroup group : answer.groups()) {
            DescribedGroup kafkaGroup = new DescribedGroup()
                .setErrorCode(group.error().code())
                .setGroupId(group.groupId())
                .setGroupState(nonNull(group.groupState()))
                .setProtocolType(nonNull(group.protocolType()))
                .setProtocolData(nonNull(group.protocol()))
                .setAuthorizedOperations(AuthorizedOperations.OMITTED);
            for (DescribeGroupsResponse.DescribedMember member : group.members()) {
                kafkaGroup.members().add(new DescribedGroupMember()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setClientId(nonNull(member.clientId()))
                    .setClientHost(nonNull(member.clientHost()))
                    .setMemberMetadata(member.metadata() == null ? new byte[0] : member.metadata())
                    .setMemberAssignment(member.assignment() == null ? new byte[0] : member.assignment()));
            }
            out.groups().add(kafkaGroup);
        }
        return out;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
