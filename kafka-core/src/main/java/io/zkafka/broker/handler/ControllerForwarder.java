package io.zkafka.broker.handler;

import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.message.CreatePartitionsRequest;
import io.zkafka.common.message.CreatePartitionsResponse;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.config.PeerNetwork;
import io.zkafka.controller.KafkaController;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.metadata.TopicCreator;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gets topic administration done by the controller, wherever it is: on this broker it runs on the
 * controller thread; elsewhere the request is forwarded over the network. Without a known
 * controller every topic gets NOT_CONTROLLER, which clients retry. Thread-safe.
 */
public final class ControllerForwarder implements TopicCreator, AutoCloseable {
    private final KafkaController controller;
    private final MetadataCache metadata;
    private final Supplier<OptionalInt> controllerId;
    private final NetworkClient network;

    public ControllerForwarder(int brokerId, KafkaController controller, MetadataCache metadata,
                               Supplier<OptionalInt> controllerId, PeerNetwork peers) {
        this.controller = controller;
        this.metadata = metadata;
        this.controllerId = controllerId;
        this.network = peers.client("broker-" + brokerId + "-forwarder", 16 << 20, 5_000);
    }

    @Override
    public CompletableFuture<List<TopicResult>> createTopics(CreateTopicsRequest request) {
        return route(request.topics().stream().map(CreateTopicsRequest.CreatableTopic::name).toList(),
            () -> controller.administration().createTopics(request.topics(), request.validateOnly()),
            request, request.timeoutMs(), r -> ((CreateTopicsResponse) r).results());
    }

    public CompletableFuture<List<TopicResult>> deleteTopics(DeleteTopicsRequest request) {
        return route(request.topics(), () -> controller.administration().deleteTopics(request.topics()),
            request, request.timeoutMs(), r -> ((DeleteTopicsResponse) r).results());
    }

    public CompletableFuture<List<TopicResult>> createPartitions(CreatePartitionsRequest request) {
        return route(request.topics().stream().map(CreatePartitionsRequest.PartitionsTopic::name).toList(),
            () -> controller.administration().createPartitions(request.topics(), request.validateOnly()),
            request, request.timeoutMs(), r -> ((CreatePartitionsResponse) r).results());
    }

    /**
     * Runs {@code local} on the controller thread when this broker is the controller, else sends
     * {@code request} to the controller; answers {@code failure(NOT_CONTROLLER)} without a reachable
     * controller and {@code failure(REQUEST_TIMED_OUT)} after {@code timeoutMs}.
     */
    public <R extends Message> CompletableFuture<R> forward(
            Message request, Supplier<R> local, int timeoutMs, Function<Errors, R> failure) {
        if (controller.isActive()) {
            return controller.submit(local).completeOnTimeout(failure.apply(Errors.REQUEST_TIMED_OUT),
                Math.max(timeoutMs, 1), TimeUnit.MILLISECONDS);
        }
        OptionalInt id = controllerId.get();
        BrokerInfo target = id.isPresent() ? metadata.image().brokers().get(id.getAsInt()) : null;
        if (target == null) {
            return CompletableFuture.completedFuture(failure.apply(Errors.NOT_CONTROLLER));
        }
        CompletableFuture<R> sent = network.call(target.host() + ":" + target.port(), request,
            Math.max(timeoutMs, 1_000) + 1_000L);
        return sent.exceptionally(e -> failure.apply(Errors.NOT_CONTROLLER));
    }

    private CompletableFuture<List<TopicResult>> route(List<String> names, Supplier<List<TopicResult>> local,
                                                       Message request, int timeoutMs,
                                                       Function<Object, List<TopicResult>> results) {
        if (controller.isActive()) {
            // a ZooKeeper write can stall while the ensemble has no quorum: answer in time regardless
            return controller.submit(local).completeOnTimeout(timedOut(names, timeoutMs), Math.max(timeoutMs, 1),
                TimeUnit.MILLISECONDS);
        }
        OptionalInt id = controllerId.get();
        BrokerInfo target = id.isPresent() ? metadata.image().brokers().get(id.getAsInt()) : null;
        if (target == null) {
            return CompletableFuture.completedFuture(notController(names));
        }
        return network.call(target.host() + ":" + target.port(), request, Math.max(timeoutMs, 1_000) + 1_000L)
            .thenApply(results)
            .exceptionally(e -> notController(names));
    }

    private static List<TopicResult> timedOut(List<String> names, int timeoutMs) {
        List<TopicResult> results = new ArrayList<>(names.size());
        for (String name : names) {
            results.add(new TopicResult(name, Errors.REQUEST_TIMED_OUT, "The controller did not finish within "
                + timeoutMs + " ms; is ZooKeeper reachable?"));
        }
        return results;
    }

    private static List<TopicResult> notController(List<String> names) {
        List<TopicResult> results = new ArrayList<>(names.size());
        for (String name : names) {
            results.add(new TopicResult(name, Errors.NOT_CONTROLLER, "No controller is reachable right now"));
        }
        return results;
    }

    @Override
    public void close() {
        network.close();
    }
}
