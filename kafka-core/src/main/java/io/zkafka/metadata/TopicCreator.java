package io.zkafka.metadata;

import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.TopicResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Creates topics through the controller, wherever it is. The narrow view that components below the
 * request handlers (the group coordinator's internal topic, for one) are given instead of the
 * controller or its forwarder.
 */
@FunctionalInterface
public interface TopicCreator {
    CompletableFuture<List<TopicResult>> createTopics(CreateTopicsRequest request);
}
