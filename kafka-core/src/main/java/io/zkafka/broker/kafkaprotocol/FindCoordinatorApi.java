package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;

/**
 * FindCoordinator for a group (key type 0) or a transactional id (1): the native answer, with the
 * coordinator named by its address on this Kafka listener. Version 0 has no key type (a group);
 * version 4 asks for several keys at once (KIP-699): each is asked natively, answered in one list.
 */
final class FindCoordinatorApi implements KafkaApi {
    /** The first version with the batched {@code CoordinatorKeys} and {@code Coordinators}. */
    static final short BATCHED_VERSION = 4;

    private final ListenerAddresses addresses;

    FindCoordinatorApi(ListenerAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(KafkaExchange exchange) {
        FindCoordinatorRequestData request = exchange.body();
        byte keyType = exchange.version() >= 1 ? request.keyType() : FindCoordinatorRequest.GROUP_KEY_TYPE;
        if (exchange.version() < BATCHED_VERSION) {
            return find(exchange, request.key(), keyType).thenApply(coordinator -> new FindCoordinatorResponseData()
                .setErrorCode(coordinator.errorCode())
                .setErrorMessage(coordinator.errorMessage())
                .setNodeId(coordinator.nodeId())
                .setHost(coordinator.host())
                .setPort(coordinator.port()));
        }
        List<CompletableFuture<Coordinator>> answers = new ArrayList<>(request.coordinatorKeys().size());
        for (String key : request.coordinatorKeys()) {
            answers.add(find(exchange, key, keyType));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            FindCoordinatorResponseData out = new FindCoordinatorResponseData();
            answers.forEach(answer -> out.coordinators().add(answer.join()));
            return out;
        });
    }

    private CompletableFuture<Coordinator> find(KafkaExchange exchange, String key, byte keyType) {
        return exchange.<FindCoordinatorResponse>call(new FindCoordinatorRequest(key, keyType), 0)
            .thenApply(answer -> toKafka(key, answer));
    }

    private Coordinator toKafka(String key, FindCoordinatorResponse answer) {
        Coordinator out = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (answer.error() != Errors.NONE) {
            return out.setErrorCode(answer.error().code()).setErrorMessage(answer.errorMessage());
        }
        return addresses.of(answer.nodeId())
            .map(endpoint -> out.setNodeId(answer.nodeId()).setHost(endpoint.host()).setPort(endpoint.port()))
            .orElseGet(() -> out.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage("The coordinator, "
                + "broker " + answer.nodeId() + ", has no listener " + addresses.listenerName()));
    }
}
