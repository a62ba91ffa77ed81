package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;

/** DescribeTransactions (KIP-664): the state of transactional ids this broker coordinates. */
final class DescribeTransactionsApi implements KafkaApi {

    @Override
    public CompletableFuture<DescribeTransactionsResponseData> handle(KafkaExchange exchange) {
        DescribeTransactionsRequestData request = exchange.body();
        return exchange.<DescribeTransactionsResponse>call(
            new DescribeTransactionsRequest(request.transactionalIds()), 0).thenApply(DescribeTransactionsApi::toKafka);
    }

    private static DescribeTransactionsResponseData toKafka(DescribeTransactionsResponse response) {
        DescribeTransactionsResponseData out = new DescribeTransactionsResponseData();
        for (DescribeTransactionsResponse.TransactionState state : response.transactionStates()) {
            TransactionState kafkaState = new TransactionState()
                .setErrorCode(state.error().code())
                .setTransactionalId(state.transactionalId())
                .setTransactionState(state.transactionState())
                .setTransactionTimeoutMs(state.transactionTimeoutMs())
                .setTransactionStartTimeMs(state.transactionStartTimeMs())
                .setProducerId(state.producerId())
                .setProducerEpoch(state.producerEpoch());
            for (DescribeTransactionsResponse.Topic topic : state.topics()) {
                kafkaState.topics().add(new TopicData().setTopic(topic.topic()).setPartitions(topic.partitions()));
            }
            out.transactionStates().add(kafkaState);
        }
        return out;
    }
}
