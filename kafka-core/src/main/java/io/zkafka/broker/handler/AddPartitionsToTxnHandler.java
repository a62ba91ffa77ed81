package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.metadata.MetadataCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AddPartitionsToTxn: partitions of topics this broker's metadata does not know are answered
 * UNKNOWN_TOPIC_OR_PARTITION and the rest OPERATION_NOT_ATTEMPTED, as Kafka does; otherwise the
 * transaction coordinator adds them.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler<AddPartitionsToTxnRequest> {
    private final TransactionCoordinator transactions;
    private final MetadataCache metadata;
    private final Authorizer authorizer;

    public AddPartitionsToTxnHandler(TransactionCoordinator transactions, MetadataCache metadata, Authorizer authorizer) {
        this.transactions = transactions;
        this.metadata = metadata;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AddPartitionsToTxnResponse> handle(RequestContext context,
                                                                AddPartitionsToTxnRequest request) {
        List<TopicPartition> partitions = request.partitions();
        Map<String, TopicAssignment> topics = metadata.image().assignments();
        Map<TopicPartition, Errors> unknown = new LinkedHashMap<>();
        if (!authorizer.authorize(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            partitions.forEach(tp -> errors.put(tp, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
            return CompletableFuture.completedFuture(AddPartitionsToTxnResponse.of(errors));
        }
        for (AddPartitionsToTxnRequest.Topic topic : request.topics()) {
            if (!authorizer.authorize(context, AclOperation.WRITE, ResourceType.TOPIC, topic.name())) {
                topic.partitions().forEach(p -> unknown.put(new TopicPartition(topic.name(), p),
                    Errors.TOPIC_AUTHORIZATION_FAILED));
            }
        }
        for (TopicPartition tp : partitions) {
            TopicAssignment assignment = topics.get(tp.topic());
            if (unknown.containsKey(tp)) {
                continue;
            }
            if (assignment == null || !assignment.partitions().containsKey(tp.partition())) {
                unknown.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if (!unknown.isEmpty()) {
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            partitions.forEach(tp -> errors.put(tp, unknown.getOrDefault(tp, Errors.OPERATION_NOT_ATTEMPTED)));
            return CompletableFuture.completedFuture(AddPartitionsToTxnResponse.of(errors));
        }
        return transactions.addPartitions(request);
    }
}
