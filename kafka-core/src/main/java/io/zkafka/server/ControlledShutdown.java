package io.zkafka.server;

import io.zkafka.broker.handler.ControllerForwarder;
import io.zkafka.broker.handler.MetadataWaiter;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ControlledShutdownRequest;
import io.zkafka.common.message.ControlledShutdownResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.controller.KafkaController;
import io.zkafka.metadata.MetadataCache;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stopping broker's first step: stop its followers fetching, ask the controller (itself, or over
 * the network) to move every leadership it holds to another in-sync replica and take it out of the
 * other ISRs, retrying up to {@code controlled.shutdown.max.retries}
 * times {@code controlled.shutdown.retry.backoff.ms} apart, then wait (bounded) until its own metadata
 * shows it leads and follows in sync nothing but the partitions the controller could not move. Runs on the thread that
 * shuts the broker down; holds no state between calls.
 */
final class ControlledShutdown {
    private static final Logger log = LoggerFactory.getLogger(ControlledShutdown.class);
    static final int REQUEST_TIMEOUT_MS = 30_000;
    static final long METADATA_WAIT_MS = 5_000;

    private final int brokerId;
    private final KafkaController controller;
    private final ControllerForwarder forwarder;
    private final MetadataCache metadata;
    private final MetadataWaiter waiter;
    private final ReplicaManager replicaManager;

    ControlledShutdown(int brokerId, KafkaController controller, ControllerForwarder forwarder, MetadataCache metadata,
                       MetadataWaiter waiter, ReplicaManager replicaManager) {
        this.brokerId = brokerId;
        this.replicaManager = replicaManager;
        this.controller = controller;
        this.forwarder = forwarder;
        this.metadata = metadata;
        this.waiter = waiter;
    }

    /** True when leadership moved (or there was none to move); false after the retries ran out. */
    boolean run(long brokerEpoch, int maxRetries, long backoffMs) {
        // A follower still fetching would be put back into the ISRs the controller takes it out of.
        replicaManager.setFetchingPaused(true);
        for (int attempt = 1; attempt <= maxRetries; attempt++) {
            ControlledShutdownResponse response = request(brokerEpoch);
            if (response.error() == Errors.NONE) {
                Set<TopicPartition> remaining = new HashSet<>(response.remainingPartitions());
                if (awaitLeadingOnly(remaining)) {
                    log.info("Broker {}: controlled shutdown done; {} partition(s) had no other in-sync replica",
                        brokerId, remaining.size());
                    return true;
                }
                log.warn("Broker {}: the metadata still shows leaderships or ISR memberships the controller said it"
                    + " moved", brokerId);
            } else {
                log.warn("Broker {}: controlled shutdown attempt {} of {} failed with {}", brokerId, attempt, maxRetries,
                    response.error());
            }
            if (attempt < maxRetries && !pause(backoffMs)) {
                return false;
            }
        }
        log.warn("Broker {}: controlled shutdown did not complete; stopping anyway", brokerId);
        return false;
    }

    private ControlledShutdownResponse request(long brokerEpoch) {
        ControlledShutdownRequest request = new ControlledShutdownRequest(brokerId, brokerEpoch);
        try {
            return forwarder.forward(request, () -> controller.controlledShutdown(brokerId, brokerEpoch),
                    REQUEST_TIMEOUT_MS, error -> new ControlledShutdownResponse(error, List.of()))
                .get(REQUEST_TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new ControlledShutdownResponse(Errors.REQUEST_TIMED_OUT, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ControlledShutdownResponse(Errors.REQUEST_TIMED_OUT, List.of());
        }
    }

    private boolean awaitLeadingOnly(Set<TopicPartition> remaining) {
        try {
            return waiter.await(image -> image.states().values().stream().noneMatch(state ->
                    !remaining.contains(state.partition()) && (state.leaderAndIsr().leader() == brokerId
                        || state.leaderAndIsr().isr().contains(brokerId) && state.leaderAndIsr().isr().size() > 1)),
                    METADATA_WAIT_MS)
                .get(METADATA_WAIT_MS + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean pause(long backoffMs) {
        try {
            Thread.sleep(backoffMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any partition is assigned here (without one there is nothing to move or leave). */
    boolean hostsAnything() {
        return metadata.image().assignments().values().stream()
            .anyMatch(a -> a.partitions().values().stream().anyMatch(replicas -> replicas.contains(brokerId)));
    }
}
