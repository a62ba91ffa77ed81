package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;

/** DeleteGroups: empty groups coordinated here, with their committed offsets. */
final class DeleteGroupsApi implements KafkaApi {

    @Override
    public CompletableFuture<DeleteGroupsResponseData> handle(KafkaExchange exchange) {
        DeleteGroupsRequestData request = exchange.body();
        return exchange.<DeleteGroupsResponse>call(new DeleteGroupsRequest(request.groupsNames()), 0)
            .thenApply(DeleteGroupsApi::toKafka);
    }

    static DeleteGroupsResponseData toKafka(DeleteGroupsResponse answer) {
        DeleteGroupsResponseData out = new DeleteGroupsResponseData();
        for (DeleteGroupsResponse.GroupResult result : answer.results()) {
            out.results().add(new DeletableGroupResult().setGroupId(result.groupId())
                .setErrorCode(result.error().code()));
        }
        return out;
    }
}
