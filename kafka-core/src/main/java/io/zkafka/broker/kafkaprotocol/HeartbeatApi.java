package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;

/** Heartbeat of a classic group member (the instance id of a static member from version 3). */
final class HeartbeatApi implements KafkaApi {

    @Override
    public CompletableFuture<HeartbeatResponseData> handle(KafkaExchange exchange) {
        HeartbeatRequestData request = exchange.body();
        return exchange.<HeartbeatResponse>call(new HeartbeatRequest(request.groupId(), request.generationId(),
                request.memberId(), request.groupInstanceId()), 0)
            .thenApply(answer -> new HeartbeatResponseData().setErrorCode(answer.error().code()));
    }
}
