package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.BrokerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;

/**
 * FindCoordinator for a group (key type 0; version 0 has no key type) or a transactional id (key
 * type 1): one key up to version 3, a batch of keys from version 4 (KIP-699), each asked of the
 * native handler. The coordinator is named by its address on this Kafka listener; a coordinator
 * without one is answered COORDINATOR_NOT_AVAILABLE, which clients retry.
 */
final class FindCoordinatorApi implements KafkaApi {
    private static final int BATCHED_SINCE = 4;

    private final ListenerAddresses addresses;

    FindCoordinatorApi(ListenerAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(KafkaExchange exchange) {
        FindCoordinatorRequestData request = exchange.body();
        byte keyType = exchange.version() >= 1 ? request.keyType() : FindCoordinatorRequest.GROUP_KEY_TYPE;
        if (exchange.version() < BATCHED_SINCE) {
            return find(exchange, request.key(), keyType).thenApply(found -> new FindCoordinatorResponseData()
                .setErrorCode(found.error().code())
                .setErrorMessage(found.errorMessage())
                .setNodeId(found.nodeId())
                .setHost(found.host())
                .setPort(found.port()));
        }
        List<CompletableFuture<FindCoordinatorResponse>> answers = new ArrayList<>(request.coordinatorKeys().size());
        for (String key : request.coordinatorKeys()) {
            answers.add(find(exchange, key, keyType));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            FindCoordinatorResponseData out = new FindCoordinatorResponseData();
            for (int i = 0; i < answers.size(); i++) {
                FindCoordinatorResponse found = answers.get(i).join();
                out.coordinators().add(new Coordinator()
                    .setKey(request.coordinatorKeys().get(i))
                    .setErrorCode(found.error().code())
                    .setErrorMessage(found.errorMessage())
                    .setNodeId(found.nodeId())
                    .setHost(found.host())
                    .setPort(found.port()));
            }
            return out;
        });
    }

    /** The native answer for one key, with the coordinator's address on this listener. */
    private CompletableFuture<FindCoordinatorResponse> find(KafkaExchange exchange, String key, byte keyType) {
        return exchange.<FindCoordinatorResponse>call(new FindCoordinatorRequest(key, keyType), 0).thenApply(found -> {
            if (found.error() != Errors.NONE) {
                return found;
            }
            BrokerInfo.Endpoint endpoint = addresses.of(found.nodeId()).orElse(null);
            if (endpoint == null) {
                return FindCoordinatorResponse.error(Errors.COORDINATOR_NOT_AVAILABLE, "Coordinator broker "
                    + found.nodeId() + " has no live listener " + addresses.listenerName());
            }
            return new FindCoordinatorResponse(Errors.NONE, null, found.nodeId(), endpoint.host(), endpoint.port());
        });
    }
}
