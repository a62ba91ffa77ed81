package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.ListGroupsRequest;
import io.zkafka.common.message.ListGroupsResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;

/**
 * ListGroups: the groups this broker coordinates (Kafka's admin client asks every broker), filtered
 * by state from version 4 (KIP-518). Version 5's type filter (KIP-848 groups) is not served.
 */
final class ListGroupsApi implements KafkaApi {

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(KafkaExchange exchange) {
        ListGroupsRequestData request = exchange.body();
        return exchange.<ListGroupsResponse>call(new ListGroupsRequest(request.statesFilter()), 0)
            .thenApply(ListGroupsApi::toKafka);
    }

    /** The group state is ignorable below version 4: Kafka's classes leave it out there. */
    static ListGroupsResponseData toKafka(ListGroupsResponse answer) {
        ListGroupsResponseData out = new ListGroupsResponseData().setErrorCode(answer.error().code());
        for (ListGroupsResponse.ListedGroup group : answer.groups()) {
            out.groups().add(new ListedGroup()
                .setGroupId(group.groupId())
                .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                .setGroupState(group.groupState()));
        }
        return out;
    }
}
