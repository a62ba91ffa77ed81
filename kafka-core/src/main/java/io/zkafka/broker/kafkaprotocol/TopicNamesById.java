package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;

/**
 * The topics a request names by id (Metadata 12, DeleteTopics 6): every topic the request's
 * principal may see, by id, from the native Metadata (so an id of a topic it may not describe is as
 * unknown as one no topic has).
 */
final class TopicNamesById {
    private TopicNamesById() {
    }

    static CompletableFuture<Map<Uuid, String>> lookUp(KafkaExchange exchange) {
        return exchange.<MetadataResponse>call(MetadataRequest.allTopics(), MetadataResponse.TOPIC_ID_VERSION)
            .thenApply(all -> {
                Map<Uuid, String> names = new HashMap<>();
                for (MetadataResponse.TopicMetadata topic : all.topics()) {
                    names.put(KafkaIds.toKafka(topic.topicId()), topic.name());
                }
                return names;
            });
    }
}
