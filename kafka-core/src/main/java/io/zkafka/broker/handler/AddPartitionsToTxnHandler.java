package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import io.zkafka.common.protocol.Errors;
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

    public AddPartitionsToTxnHandler(TransactionCoordinator transactions, MetadataCache metadata) {
        this.transactions = transactions;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<AddPartitionsToTxnResponse> handle(RequestContext context,
                                                                AddPartitionsToTxnRequest request) {
        List<TopicPartition> partitions = request.partitions();
        Map<String, TopicAssignment> topics = metadata.image().assignments();
        Map<TopicPartition, Errors> unknown = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            TopicAssignment assignment = topics.get(tp.topic());
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
