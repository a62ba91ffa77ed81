package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.TopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteTopics by name (versions 0 to 5) or, from version 6, by name or id: ids are looked up among
 * the topics the principal may see ({@link TopicNamesById}); an id no such topic has is answered
 * UNKNOWN_TOPIC_ID, a topic named both ways INVALID_REQUEST, as Kafka answers them. Each result
 * carries the topic's name and, at version 6, the id it was asked by.
 */
final class DeleteTopicsApi implements KafkaApi {

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(KafkaExchange exchange) {
        DeleteTopicsRequestData request = exchange.body();
        if (exchange.version() < 6) {
            return delete(exchange, request.topicNames(), request.timeoutMs(), Map.of(), new DeleteTopicsResponseData());
        }
        boolean byId = request.topics().stream().anyMatch(topic -> topic.name() == null);
        CompletableFuture<Map<Uuid, String>> names = byId ? TopicNamesById.lookUp(exchange)
            : CompletableFuture.completedFuture(Map.of());
        return names.thenCompose(known -> {
            DeleteTopicsResponseData out = new DeleteTopicsResponseData();
            List<String> toDelete = new ArrayList<>();
            Map<String, Uuid> askedIds = new HashMap<>();
            for (DeleteTopicState topic : request.topics()) {
                if (topic.name() != null && !Uuid.ZERO_UUID.equals(topic.topicId())) {
                    out.responses().add(refusal(topic.name(), topic.topicId(), Errors.INVALID_REQUEST,
                        "A topic is named by its name or its id, not both"));
                    continue;
                }
                String name = topic.name() != null ? topic.name() : known.get(topic.topicId());
                if (name == null) {
                    out.responses().add(refusal(null, topic.topicId(), Errors.UNKNOWN_TOPIC_ID,
                        "No topic has id " + topic.topicId()));
                    continue;
                }
                toDelete.add(name);
                if (topic.name() == null) {
                    askedIds.put(name, topic.topicId());
                }
            }
            return delete(exchange, toDelete, request.timeoutMs(), askedIds, out);
        });
    }

    private static CompletableFuture<DeleteTopicsResponseData> delete(KafkaExchange exchange, List<String> names,
                                                                      int timeoutMs, Map<String, Uuid> askedIds,
                                                                      DeleteTopicsResponseData out) {
        if (names.isEmpty()) {
            return CompletableFuture.completedFuture(out);
        }
        return exchange.<DeleteTopicsResponse>call(new DeleteTopicsRequest(names, timeoutMs), 0)
            .thenApply(response -> {
                for (TopicResult result : response.results()) {
                    out.responses().add(new DeletableTopicResult().setName(result.name())
                        .setTopicId(askedIds.getOrDefault(result.name(), Uuid.ZERO_UUID))
                        .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage()));
                }
                return out;
            });
    }

    private static DeletableTopicResult refusal(String name, Uuid id, Errors error, String message) {
        return new DeletableTopicResult().setName(name).setTopicId(id).setErrorCode(error.code())
            .setErrorMessage(message);
    }
}
