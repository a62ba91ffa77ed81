package io.zkafka.broker.txn;

import io.zkafka.broker.group.CoordinatorScheduler;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a transaction's commit or abort markers to every partition in it: one WriteTxnMarkers
 * request per leader broker, again after {@code retryBackoffMs} for the partitions that failed
 * (no leader, a leader that moved, too few replicas in sync, a lost connection), until each is
 * written. A partition whose topic was deleted needs no marker. A job stops when its coordinator no
 * longer coordinates the transaction at the epoch it started with (the partition moved: the new
 * coordinator sends the markers again) or a leader says the coordinator or the epoch is stale.
 * When the last partition is written, {@code onAllWritten} runs once.
 *
 * <p>Threads: attempts run on the coordinator's scheduler thread; answers arrive on the network
 * client's thread and are handed back to it. A job's remaining partitions are touched only there.
 */
final class TransactionMarkers {
    private static final Logger log = LoggerFactory.getLogger(TransactionMarkers.class);

    /** One transaction's markers. {@code stillValid} is asked before every attempt. */
    record Job(String transactionalId, long producerId, short producerEpoch, boolean commit, int coordinatorEpoch,
               Set<TopicPartition> partitions, BooleanSupplier stillValid, Runnable onAllWritten) {
    }

    private final MarkerTransport transport;
    private final CoordinatorScheduler scheduler;
    private final long retryBackoffMs;

    TransactionMarkers(MarkerTransport transport, CoordinatorScheduler scheduler, long retryBackoffMs) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.retryBackoffMs = retryBackoffMs;
    }

    /** Starts writing the job's markers (on the scheduler thread, soon). */
    void write(Job job) {
        Running running = new Running(job);
        scheduler.execute(running::attempt);
    }

    /** A job in progress: the partitions still without a marker. Confined to the scheduler thread. */
    private final class Running {
        private final Job job;
        private final Set<TopicPartition> remaining;
        private int requestsInFlight;
        private boolean retryScheduled;
        private boolean stopped;

        Running(Job job) {
            this.job = job;
            this.remaining = new HashSet<>(job.partitions());
        }

        void attempt() {
            retryScheduled = false;
            if (stopped) {
                return;
            }
            if (!job.stillValid().getAsBoolean()) {
                stop("this broker no longer coordinates it at epoch " + job.coordinatorEpoch());
                return;
            }
            if (remaining.isEmpty()) {
                finish();
                return;
            }
            Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
            boolean leaderless = false;
            for (TopicPartition tp : List.copyOf(remaining)) {
                int leader = transport.leaderOf(tp);
                if (leader == MarkerTransport.NO_SUCH_PARTITION) {
                    remaining.remove(tp); // deleted: nothing to mark
                } else if (leader == MarkerTransport.NO_LEADER) {
                    leaderless = true;
                } else {
                    byLeader.computeIfAbsent(leader, b -> new ArrayList<>()).add(tp);
                }
            }
            if (remaining.isEmpty()) {
                finish();
                return;
            }
            byLeader.forEach(this::send);
            if (leaderless && requestsInFlight == 0) {
                retryLater();
            }
        }

        private void send(int brokerId, List<TopicPartition> partitions) {
            requestsInFlight++;
            WriteTxnMarkersRequest request = new WriteTxnMarkersRequest(List.of(new WriteTxnMarkersRequest.TxnMarker(
                job.producerId(), job.producerEpoch(), job.commit(), job.coordinatorEpoch(), partitions)));
            transport.send(brokerId, request).whenComplete((response, error) ->
                scheduler.execute(() -> onAnswer(brokerId, partitions, response, error)));
        }

        private void onAnswer(int brokerId, List<TopicPartition> sent, WriteTxnMarkersResponse response,
                              Throwable error) {
            requestsInFlight--;
            if (stopped) {
                return;
            }
            boolean retry = false;
            if (error != null || response == null) {
                log.debug("Markers of {} to broker {} failed: {}", job.transactionalId(), brokerId, String.valueOf(error));
                retry = true;
            } else {
                Map<TopicPartition, Errors> results = new HashMap<>();
                response.markers().stream().filter(m -> m.producerId() == job.producerId())
                    .forEach(m -> m.partitions().forEach(p -> results.put(p.partition(), p.error())));
                for (TopicPartition tp : sent) {
                    Errors result = results.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR);
                    if (result == Errors.NONE) {
                        remaining.remove(tp);
                    } else if (result == Errors.TRANSACTION_COORDINATOR_FENCED || result == Errors.INVALID_PRODUCER_EPOCH) {
                        stop(tp + " answered " + result);
                        return;
                    } else {
                        log.debug("The marker of {} on {} failed with {}; retrying", job.transactionalId(), tp, result);
                        retry = true;
                    }
                }
            }
            if (remaining.isEmpty() && requestsInFlight == 0) {
                finish();
            } else if (retry || requestsInFlight == 0) {
                retryLater();
            }
        }

        private void retryLater() {
            if (!retryScheduled && requestsInFlight == 0) {
                retryScheduled = true;
                scheduler.schedule(retryBackoffMs, this::attempt);
            }
        }

        private void finish() {
            if (!stopped) {
                stopped = true;
                job.onAllWritten().run();
            }
        }

        private void stop(String why) {
            stopped = true;
            log.info("Stopped writing the {} markers of {} (producer {} epoch {}): {}", job.commit() ? "commit" : "abort",
                job.transactionalId(), job.producerId(), job.producerEpoch(), why);
        }
    }
}
