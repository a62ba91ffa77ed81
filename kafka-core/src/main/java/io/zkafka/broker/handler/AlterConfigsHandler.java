package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.coordination.UpdateResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sets or deletes topic config overrides, incrementally (keys not named keep their values). The
 * write is conditional on the config znode's version and re-read on a race; every broker applies
 * the change when its watcher sees it. Broker configs are read-only here (set them in
 * server.properties).
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {
    private static final int ATTEMPTS = 5;

    private final CoordinationClient coordination;

    public AlterConfigsHandler(CoordinationClient coordination) {
        this.coordination = coordination;
    }

    @Override
    public CompletableFuture<AlterConfigsResponse> handle(RequestContext context, AlterConfigsRequest request) {
        List<TopicResult> results = new ArrayList<>();
        for (AlterConfigsRequest.AlterResource resource : request.resources()) {
            if (resource.type() != DescribeConfigsRequest.TOPIC) {
                results.add(new TopicResult(resource.name(), Errors.INVALID_REQUEST,
                    "Only topic configs can be altered; broker configs are set in server.properties"));
                continue;
            }
            results.add(alterTopic(resource, request.validateOnly()));
        }
        return CompletableFuture.completedFuture(new AlterConfigsResponse(results));
    }

    private TopicResult alterTopic(AlterConfigsRequest.AlterResource resource, boolean validateOnly) {
        String topic = resource.name();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (coordination.reader().topicAssignment(topic).isEmpty()) {
                    return new TopicResult(topic, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist");
                }
                TopicConfig current = coordination.reader().topicConfig(topic);
                Map<String, String> updated = new HashMap<>(current.overrides());
                for (AlterConfigsRequest.AlterOp op : resource.ops()) {
                    if (op.op() == AlterConfigsRequest.SET) {
                        updated.put(op.key(), op.value());
                    } else if (op.op() == AlterConfigsRequest.DELETE) {
                        updated.remove(op.key());
                    } else {
                        return new TopicResult(topic, Errors.INVALID_REQUEST, "Unknown config operation " + op.op());
                    }
                }
                String invalid = TopicConfigValidator.invalidReason(updated);
                if (invalid != null) {
                    return new TopicResult(topic, Errors.INVALID_CONFIG, invalid);
                }
                if (validateOnly) {
                    return TopicResult.ok(topic);
                }
                UpdateResult result = coordination.adminWriter().updateTopicConfig(topic, updated, current.zkVersion());
                if (result.succeeded()) {
                    return TopicResult.ok(topic);
                }
            }
            return new TopicResult(topic, Errors.INVALID_REQUEST, "The config of '" + topic + "' kept changing; try again");
        } catch (CoordinationException e) {
            return new TopicResult(topic, Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
    }
}
