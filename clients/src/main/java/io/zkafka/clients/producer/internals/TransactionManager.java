package io.zkafka.clients.producer.internals;

import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.ConsumerGroupMetadata;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.KafkaException;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.FencedInstanceIdException;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.InvalidTxnStateException;
import io.zkafka.common.errors.ProducerFencedException;
import io.zkafka.common.errors.TransactionAbortedException;
import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional producer's transactions, Kafka's {@code TransactionManager} design: the state
 * below, guarded in {@link #transitionTo}, and the requests to the transaction coordinator (found
 * with FindCoordinator, key type 1) and to groups' coordinators, sent one at a time by the sender
 * thread in priority order (InitProducerId, then AddPartitionsToTxn/AddOffsetsToTxn/TxnOffsetCommit,
 * then EndTxn, which waits until every batch of the transaction is answered).
 *
 * <pre>
 * UNINITIALIZED -init-> INITIALIZING -> READY -begin-> IN_TRANSACTION -commit-> COMMITTING_TRANSACTION -> READY
 *                                                          |        \-abort-> ABORTING_TRANSACTION -> READY
 *                                                          v                     ^  (or INITIALIZING: an epoch bump first)
 *                                                     ABORTABLE_ERROR -abort-----+
 * any state -> FATAL_ERROR (fenced, invalid state, ...): only close() is left
 * </pre>
 *
 * A partition joins the transaction (AddPartitionsToTxn) before any batch of it is drained: the
 * idempotence manager's partition gate asks {@link #isPartitionAdded}. Errors are Kafka's: a batch
 * that fails, an offsets commit refused for the group's generation and most request errors make the
 * transaction abortable (send and commit throw, abortTransaction recovers); a fenced producer
 * ({@code PRODUCER_FENCED}, {@code INVALID_PRODUCER_EPOCH} from the coordinator) or an invalid state
 * is fatal. Coordinator moves and CONCURRENT_TRANSACTIONS are retried after {@code retry.backoff.ms}.
 *
 * <p>Threads: the application thread calls the public transactional methods; the sender thread
 * calls {@link #poll} and handles the answers; both under this object's monitor. The idempotence
 * manager is touched only on the sender thread.
 */
public final class TransactionManager {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);
    /** Kafka's shorter backoff for the first AddPartitionsToTxn after a transaction completed (CONCURRENT_TRANSACTIONS). */
    private static final long ADD_PARTITIONS_RETRY_BACKOFF_MS = 20;

    enum State {
        UNINITIALIZED, INITIALIZING, READY, IN_TRANSACTION, COMMITTING_TRANSACTION, ABORTING_TRANSACTION,
        ABORTABLE_ERROR, FATAL_ERROR;

        boolean canFollow(State source) {
            return switch (this) {
                case UNINITIALIZED -> false;
                case INITIALIZING -> source == UNINITIALIZED || source == ABORTING_TRANSACTION;
                case READY -> source == INITIALIZING || source == COMMITTING_TRANSACTION
                    || source == ABORTING_TRANSACTION;
                case IN_TRANSACTION -> source == READY;
                case COMMITTING_TRANSACTION -> source == IN_TRANSACTION;
                case ABORTING_TRANSACTION -> source == IN_TRANSACTION || source == ABORTABLE_ERROR;
                case ABORTABLE_ERROR -> source == IN_TRANSACTION || source == COMMITTING_TRANSACTION
                    || source == ABORTABLE_ERROR || source == INITIALIZING;
                case FATAL_ERROR -> true;
            };
        }
    }

    /** Which coordinator a request goes to. */
    private record Target(byte keyType, String key) {
    }

    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final long retryBackoffMs;
    private final long requestTimeoutMs;
    private final IdempotenceManager idempotence;
    private final PriorityQueue<TxnRequest> pendingRequests = new PriorityQueue<>(
        (a, b) -> a.priority != b.priority ? Integer.compare(a.priority, b.priority) : Long.compare(a.order, b.order));
    private final Set<TopicPartition> newPartitionsInTransaction = new HashSet<>();
    private final Set<TopicPartition> pendingPartitionsInTransaction = new HashSet<>();
    private final Set<TopicPartition> partitionsInTransaction = new HashSet<>();
    private final Map<Target, String> coordinators = new HashMap<>();
    private State state = State.UNINITIALIZED;
    private RuntimeException lastError;
    private boolean transactionStarted;
    private boolean abortUndrainedBatches;
    private TxnRequest inFlight;
    private TransactionalRequestResult pendingTransition;
    private long requestOrder;
    private int lookupAttempts;

    public TransactionManager(String transactionalId, int transactionTimeoutMs, long retryBackoffMs,
                              long requestTimeoutMs, IdempotenceManager idempotence) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.idempotence = idempotence;
        idempotence.setPartitionGate(this::isPartitionAdded);
    }

    public String transactionalId() {
        return transactionalId;
    }

    // ---- the application thread's API --------------------------------------------------------------

    /** initTransactions: InitProducerId with the transactional id. A second call waits for the same result. */
    public synchronized TransactionalRequestResult initializeTransactions() {
        if (pendingTransition != null && pendingTransition.operation().equals("InitProducerId")
                && !pendingTransition.isCompleted()) {
            return pendingTransition;
        }
        maybeFailWithError();
        transitionTo(State.INITIALIZING, null);
        pendingTransition = new TransactionalRequestResult("InitProducerId");
        enqueue(initProducerId(InitProducerIdRequest.NO_PRODUCER_ID, InitProducerIdRequest.NO_PRODUCER_EPOCH,
            pendingTransition));
        return pendingTransition;
    }

    public synchronized void beginTransaction() {
        maybeFailWithError();
        throwIfPendingTransition("beginTransaction");
        transitionTo(State.IN_TRANSACTION, null);
    }

    /**
     * A record is about to be appended for {@code tp}: the partition joins the transaction (the
     * sender adds it before draining it).
     *
     * @throws KafkaException when an earlier error must be handled first (abort, or close)
     * @throws IllegalStateException outside a transaction
     */
    public synchronized void maybeAddPartition(TopicPartition tp) {
        if (hasError()) {
            if (lastError instanceof ProducerFencedException fenced) {
                throw fenced;
            }
            throw new KafkaException("Cannot perform send because at least one previous transactional or "
                + "idempotent request has failed with errors.", lastError);
        }
        if (state == State.UNINITIALIZED || state == State.INITIALIZING) {
            throw new IllegalStateException("Cannot perform a 'send' before completing a call to initTransactions "
                + "when transactions are enabled.");
        }
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException("Cannot call send in state " + state);
        }
        if (!partitionsInTransaction.contains(tp) && !pendingPartitionsInTransaction.contains(tp)) {
            newPartitionsInTransaction.add(tp);
        }
    }

    /** sendOffsetsToTransaction: AddOffsetsToTxn, then TxnOffsetCommit to the group's coordinator. */
    public synchronized TransactionalRequestResult sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                                           ConsumerGroupMetadata groupMetadata) {
        maybeFailWithError();
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException("Cannot send offsets if a transaction is not in progress (currentState= "
                + state + ")");
        }
        TransactionalRequestResult result = new TransactionalRequestResult("AddOffsetsToTxn");
        enqueue(addOffsets(Map.copyOf(offsets), groupMetadata, result));
        return result;
    }

    /** commitTransaction: once every batch is answered, EndTxn(commit). A second call waits for the same result. */
    public synchronized TransactionalRequestResult beginCommit() {
        if (pendingTransition != null && pendingTransition.operation().equals("EndTxn(COMMIT)")
                && !pendingTransition.isCompleted()) {
            return pendingTransition;
        }
        maybeFailWithError();
        transitionTo(State.COMMITTING_TRANSACTION, null);
        return beginCompletingTransaction(true);
    }

    /**
     * abortTransaction: batches not sent yet fail with {@link TransactionAbortedException}; once those
     * sent are answered, EndTxn(abort), then an epoch bump if the producer's sequences need one.
     */
    public synchronized TransactionalRequestResult beginAbort() {
        if (pendingTransition != null && pendingTransition.operation().equals("EndTxn(ABORT)")
                && !pendingTransition.isCompleted()) {
            return pendingTransition;
        }
        if (state == State.FATAL_ERROR) {
            throw fatalError();
        }
        transitionTo(State.ABORTING_TRANSACTION, null);
        newPartitionsInTransaction.clear();
        abortUndrainedBatches = true;
        return beginCompletingTransaction(false);
    }

    private TransactionalRequestResult beginCompletingTransaction(boolean commit) {
        // a commit or abort drops the requests of the transaction that have not gone out
        pendingRequests.removeIf(r -> r.priority == TxnRequest.ADD && r != inFlight && failQuietly(r, commit));
        TransactionalRequestResult result = new TransactionalRequestResult(commit ? "EndTxn(COMMIT)" : "EndTxn(ABORT)");
        pendingTransition = result;
        enqueue(endTxn(commit, result));
        return result;
    }

    private boolean failQuietly(TxnRequest request, boolean commit) {
        if (commit) {
            return false; // a commit sends what the transaction still has to add
        }
        if (request.result != null) {
            request.result.fail(new TransactionAbortedException("The transaction was aborted"));
        }
        return true;
    }

    /** Whether a transaction is open or being completed (close() aborts an open one). */
    public synchronized boolean hasOngoingTransaction() {
        return state == State.IN_TRANSACTION || state == State.COMMITTING_TRANSACTION
            || state == State.ABORTING_TRANSACTION || state == State.ABORTABLE_ERROR && transactionStarted;
    }

    public synchronized boolean isCompleting() {
        return state == State.COMMITTING_TRANSACTION || state == State.ABORTING_TRANSACTION;
    }

    public synchronized boolean hasFatalError() {
        return state == State.FATAL_ERROR;
    }

    /** Whether batches of {@code tp} may be drained: it is in the transaction. */
    public synchronized boolean isPartitionAdded(TopicPartition tp) {
        return partitionsInTransaction.contains(tp);
    }

    /** Whether a transactional request waits to be sent or answered (the sender must not park for long). */
    public synchronized boolean hasPendingRequests() {
        return inFlight != null || !pendingRequests.isEmpty() || !newPartitionsInTransaction.isEmpty();
    }

    synchronized State state() {
        return state;
    }

    synchronized RuntimeException lastError() {
        return lastError;
    }

    // ---- errors ---------------------------------------------------------------------------------

    private boolean hasError() {
        return state == State.ABORTABLE_ERROR || state == State.FATAL_ERROR;
    }

    private void maybeFailWithError() {
        if (state == State.FATAL_ERROR) {
            throw fatalError();
        }
        if (state == State.ABORTABLE_ERROR) {
            throw new KafkaException("Cannot execute transactional method because we are in an error state",
                lastError);
        }
    }

    private RuntimeException fatalError() {
        if (lastError instanceof ProducerFencedException) {
            return new ProducerFencedException("Producer with transactionalId '" + transactionalId + "' has been "
                + "fenced by another producer with the same transactionalId: " + lastError.getMessage());
        }
        return new KafkaException("Cannot execute transactional method because we are in an error state", lastError);
    }

    private void throwIfPendingTransition(String operation) {
        if (pendingTransition != null && !pendingTransition.isCompleted()) {
            throw new IllegalStateException("Cannot attempt operation `" + operation + "` because the previous call to `"
                + pendingTransition.operation() + "` timed out and must be retried");
        }
    }

    private void transitionTo(State target, RuntimeException error) {
        if (!target.canFollow(state)) {
            throw new IllegalStateException("TransactionalId " + transactionalId + ": Invalid transition attempted "
                + "from state " + state + " to state " + target);
        }
        if (target == State.FATAL_ERROR || target == State.ABORTABLE_ERROR) {
            lastError = error;
        } else {
            lastError = null;
        }
        LOG.debug("TransactionalId {}: {} -> {}", transactionalId, state, target);
        state = target;
    }

    /** The transaction cannot commit any more; the application must abort it. Sender thread. */
    synchronized void transitionToAbortableError(RuntimeException error) {
        if (state == State.ABORTING_TRANSACTION || state == State.FATAL_ERROR) {
            return;
        }
        if (!State.ABORTABLE_ERROR.canFollow(state)) {
            transitionToFatalError(error);
            return;
        }
        LOG.info("TransactionalId {}: the transaction must be aborted: {}", transactionalId, error.toString());
        transitionTo(State.ABORTABLE_ERROR, error);
    }

    /** Only close() is left. Sender thread. */
    synchronized void transitionToFatalError(RuntimeException error) {
        LOG.error("TransactionalId {}: fatal error, the producer must be closed: {}", transactionalId, error.toString());
        transitionTo(State.FATAL_ERROR, error);
        if (pendingTransition != null) {
            pendingTransition.fail(error);
        }
        if (inFlight != null && inFlight.result != null) {
            inFlight.result.fail(error);
        }
        pendingRequests.forEach(r -> {
            if (r.result != null) {
                r.result.fail(error);
            }
        });
        pendingRequests.clear();
    }

    /**
     * A batch of the transaction failed for good: the transaction can no longer commit (fenced
     * producers are fatal). Sender thread.
     */
    public synchronized void onBatchFailed(RuntimeException error) {
        if (error instanceof TransactionAbortedException || hasError()) {
            return; // aborting, or the first error already decided the transaction's fate
        }
        if (error instanceof ProducerFencedException) {
            transitionToFatalError(error);
        } else {
            transitionToAbortableError(error);
        }
    }

    // ---- the sender thread ----------------------------------------------------------------------

    /**
     * Whether batches not yet sent must fail now (an abort began, or an error will abort the
     * transaction), with what. Sender thread; clears the abort's request.
     */
    public synchronized RuntimeException takeUndrainedBatchesError() {
        if (state == State.ABORTING_TRANSACTION && abortUndrainedBatches) {
            abortUndrainedBatches = false;
            return new TransactionAbortedException("Failing batch since transaction was aborted");
        }
        if (state == State.FATAL_ERROR) {
            return lastError;
        }
        if (state == State.ABORTABLE_ERROR) {
            return new KafkaException("The transaction failed and must be aborted", lastError);
        }
        return null;
    }

    /**
     * Sends the next transactional request, unless one is in flight or none is due: a coordinator is
     * found first where unknown. {@code hasIncompleteBatches} holds EndTxn back until every batch of
     * the transaction is answered. Answers are handed to {@code onSenderThread}. Sender thread.
     */
    public synchronized void poll(Cluster cluster, NetworkClient network, long nowMs, boolean hasIncompleteBatches,
                                  Consumer<Runnable> onSenderThread) {
        if (state == State.IN_TRANSACTION || state == State.COMMITTING_TRANSACTION) {
            maybeEnqueueAddPartitions();
        }
        if (inFlight != null) {
            return;
        }
        TxnRequest next = pendingRequests.peek();
        if (next == null || nowMs < next.notBeforeMs) {
            return;
        }
        if (next.isEndTxn() && (hasIncompleteBatches || !newPartitionsInTransaction.isEmpty())) {
            return;
        }
        if (hasError() && !(state == State.ABORTABLE_ERROR && next.allowedWhenAbortable())) {
            pendingRequests.poll();
            if (next.result != null) {
                next.result.fail(lastError);
            }
            return;
        }
        if (next.isEndTxn() && !transactionStarted) {
            pendingRequests.poll();
            endTransactionLocally(((EndTxnRequestHandler) next).commit, next.result);
            return;
        }
        Target target = next.target();
        String coordinator = coordinators.get(target);
        if (coordinator == null) {
            findCoordinator(target, cluster, network, nowMs, onSenderThread);
            return;
        }
        pendingRequests.poll();
        inFlight = next;
        Message request = next.build();
        network.<Message>call(coordinator, request, requestTimeoutMs).whenComplete((response, error) ->
            onSenderThread.accept(() -> onAnswer(next, target, coordinator, response, error)));
    }

    private void findCoordinator(Target target, Cluster cluster, NetworkClient network, long nowMs,
                                 Consumer<Runnable> onSenderThread) {
        List<Node> nodes = cluster.nodes();
        if (nodes.isEmpty()) {
            return;
        }
        Node node = nodes.get(Math.floorMod(lookupAttempts++, nodes.size()));
        TxnRequest lookup = new TxnRequest(-1, null) {
            @Override
            Message build() {
                return new FindCoordinatorRequest(target.key(), target.keyType());
            }

            @Override
            Target target() {
                return target;
            }

            @Override
            void handle(Message response) {
                FindCoordinatorResponse found = (FindCoordinatorResponse) response;
                if (found.error() == Errors.NONE) {
                    coordinators.put(target, found.host() + ":" + found.port() + "#txn");
                    return;
                }
                if (!found.error().isRetriable() && found.error() != Errors.COORDINATOR_NOT_AVAILABLE) {
                    fail(ApiException.forError(found.error(), "FindCoordinator for " + target.key()));
                    return;
                }
                backOff(retryBackoffMs);
            }

            @Override
            void fail(RuntimeException error) {
                transitionToFatalError(error);
            }
        };
        inFlight = lookup;
        network.<Message>call(node.address(), lookup.build(), requestTimeoutMs).whenComplete((response, error) ->
            onSenderThread.accept(() -> onAnswer(lookup, null, null, response, error)));
    }

    private synchronized void onAnswer(TxnRequest request, Target target, String coordinator, Message response,
                                       Throwable error) {
        if (inFlight == request) {
            inFlight = null;
        }
        if (state == State.FATAL_ERROR) {
            return;
        }
        if (error != null) {
            LOG.debug("TransactionalId {}: {} failed: {}", transactionalId, request.getClass().getSimpleName(),
                String.valueOf(ClientUtils.unwrap(error)));
            if (target != null) {
                coordinators.remove(target, coordinator);
            }
            retry(request, retryBackoffMs);
            return;
        }
        request.handle(response);
    }

    /** Puts a request back in line, due after {@code backoffMs}. */
    private void retry(TxnRequest request, long backoffMs) {
        if (request.priority < 0) {
            backOff(backoffMs); // a lookup: the request it serves is still in line
            return;
        }
        request.notBeforeMs = System.currentTimeMillis() + backoffMs;
        pendingRequests.add(request);
    }

    private void backOff(long backoffMs) {
        TxnRequest next = pendingRequests.peek();
        if (next != null) {
            next.notBeforeMs = System.currentTimeMillis() + backoffMs;
        }
    }

    private void enqueue(TxnRequest request) {
        request.order = requestOrder++;
        pendingRequests.add(request);
    }

    private void maybeEnqueueAddPartitions() {
        if (newPartitionsInTransaction.isEmpty()) {
            return;
        }
        boolean queued = pendingRequests.stream().anyMatch(r -> r instanceof AddPartitionsHandler)
            || inFlight instanceof AddPartitionsHandler;
        if (!queued) {
            enqueue(new AddPartitionsHandler());
        }
    }

    /** The transaction ended; the next may begin. */
    private void completeTransaction() {
        transitionTo(State.READY, null);
        transactionStarted = false;
        newPartitionsInTransaction.clear();
        pendingPartitionsInTransaction.clear();
        partitionsInTransaction.clear();
    }

    /**
     * EndTxn for a transaction the coordinator never heard of (nothing was added): nothing to send;
     * an abort may still need the epoch bumped.
     */
    private void endTransactionLocally(boolean commit, TransactionalRequestResult result) {
        if (!commit && idempotence.takeEpochBumpRequest()) {
            bumpEpochAfterAbort(result);
            return;
        }
        completeTransaction();
        result.done();
    }

    /** After an abort that leaves a partition's sequences broken: InitProducerId with the current id and epoch (KIP-360). */
    private void bumpEpochAfterAbort(TransactionalRequestResult result) {
        transitionTo(State.INITIALIZING, null);
        ProducerIdAndEpoch current = idempotence.producerIdAndEpoch();
        transactionStarted = false;
        newPartitionsInTransaction.clear();
        pendingPartitionsInTransaction.clear();
        partitionsInTransaction.clear();
        enqueue(initProducerId(current.producerId(), current.epoch(), result));
    }

    // ---- the requests -------------------------------------------------------------------------------

    /** One request to a coordinator. Its fields are guarded by the manager's monitor. */
    private abstract static class TxnRequest {
        static final int INIT = 0;
        static final int ADD = 1;
        static final int END = 2;

        final int priority;
        final TransactionalRequestResult result;
        long order;
        long notBeforeMs;

        TxnRequest(int priority, TransactionalRequestResult result) {
            this.priority = priority;
            this.result = result;
        }

        abstract Message build();

        abstract Target target();

        abstract void handle(Message response);

        abstract void fail(RuntimeException error);

        boolean isEndTxn() {
            return false;
        }

        /** Whether it may go out while the transaction has an abortable error (only the abort's requests). */
        boolean allowedWhenAbortable() {
            return false;
        }
    }

    private Target transactionCoordinator() {
        return new Target(FindCoordinatorRequest.TRANSACTION_KEY_TYPE, transactionalId);
    }

    /**
     * The answer to a coordinator error common to every request: NONE is handled by the caller;
     * a coordinator that moved is found again; loading and CONCURRENT_TRANSACTIONS are retried;
     * a fenced producer is fatal. Returns true when the error was handled here.
     */
    private boolean handleCommonError(TxnRequest request, Target target, Errors error, long backoffMs) {
        switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                coordinators.remove(target);
                retry(request, retryBackoffMs);
                return true;
            }
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, REQUEST_TIMED_OUT, NETWORK_EXCEPTION -> {
                retry(request, backoffMs);
                return true;
            }
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH -> {
                request.fail(new ProducerFencedException("There is a newer producer with the same transactionalId "
                    + transactionalId + " which fences the current one (" + error + ")"));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private TxnRequest initProducerId(long producerId, short epoch, TransactionalRequestResult result) {
        return new TxnRequest(TxnRequest.INIT, result) {
            @Override
            Message build() {
                return new InitProducerIdRequest(transactionalId, transactionTimeoutMs, producerId, epoch);
            }

            @Override
            Target target() {
                return transactionCoordinator();
            }

            @Override
            void handle(Message response) {
                InitProducerIdResponse answer = (InitProducerIdResponse) response;
                if (answer.error() == Errors.NONE) {
                    idempotence.setProducerIdAndEpoch(new ProducerIdAndEpoch(answer.producerId(),
                        answer.producerEpoch()));
                    completeTransaction();
                    result.done();
                    return;
                }
                if (!handleCommonError(this, target(), answer.error(), retryBackoffMs)) {
                    fail(ApiException.forError(answer.error(), "InitProducerId for transactional id "
                        + transactionalId + (answer.errorMessage() == null ? "" : ": " + answer.errorMessage())));
                }
            }

            @Override
            void fail(RuntimeException error) {
                transitionToFatalError(error);
            }
        };
    }

    /** AddPartitionsToTxn for the partitions the application sent to since the last one. */
    private final class AddPartitionsHandler extends TxnRequest {
        private final Set<TopicPartition> partitions;

        AddPartitionsHandler() {
            super(TxnRequest.ADD, null);
            partitions = new HashSet<>(newPartitionsInTransaction);
            pendingPartitionsInTransaction.addAll(partitions);
            newPartitionsInTransaction.clear();
        }

        @Override
        Message build() {
            ProducerIdAndEpoch current = idempotence.producerIdAndEpoch();
            return AddPartitionsToTxnRequest.of(transactionalId, current.producerId(), current.epoch(),
                new ArrayList<>(partitions));
        }

        @Override
        Target target() {
            return transactionCoordinator();
        }

        @Override
        void handle(Message response) {
            Map<TopicPartition, Errors> errors = ((AddPartitionsToTxnResponse) response).errors();
            Errors error = Errors.NONE;
            for (TopicPartition tp : partitions) {
                Errors result = errors.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR);
                if (result != Errors.NONE && (error == Errors.NONE || error == Errors.OPERATION_NOT_ATTEMPTED)) {
                    error = result; // the cause, not the partitions the broker skipped because of it
                }
            }
            if (error == Errors.NONE) {
                pendingPartitionsInTransaction.removeAll(partitions);
                partitionsInTransaction.addAll(partitions);
                transactionStarted = true;
                return;
            }
            // the first add of a transaction may find the previous one still completing: retry it soon
            long backoff = partitionsInTransaction.isEmpty() ? Math.min(retryBackoffMs, ADD_PARTITIONS_RETRY_BACKOFF_MS)
                : retryBackoffMs;
            if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION || error == Errors.OPERATION_NOT_ATTEMPTED) {
                retry(this, retryBackoffMs);
            } else if (!handleCommonError(this, target(), error, backoff)) {
                ApiException failure = ApiException.forError(error, "AddPartitionsToTxn for transactional id "
                    + transactionalId);
                if (error == Errors.INVALID_TXN_STATE) {
                    transitionToFatalError(failure);
                } else {
                    fail(failure);
                }
            }
        }

        @Override
        void fail(RuntimeException error) {
            pendingPartitionsInTransaction.removeAll(partitions);
            if (error instanceof ProducerFencedException) {
                transitionToFatalError(error);
            } else {
                transitionToAbortableError(error);
            }
        }
    }

    private TxnRequest addOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                                  TransactionalRequestResult result) {
        return new TxnRequest(TxnRequest.ADD, result) {
            @Override
            Message build() {
                ProducerIdAndEpoch current = idempotence.producerIdAndEpoch();
                return new AddOffsetsToTxnRequest(transactionalId, current.producerId(), current.epoch(),
                    group.groupId());
            }

            @Override
            Target target() {
                return transactionCoordinator();
            }

            @Override
            void handle(Message response) {
                Errors error = ((AddOffsetsToTxnResponse) response).error();
                if (error == Errors.NONE) {
                    transactionStarted = true;
                    enqueue(txnOffsetCommit(offsets, group, result));
                    return;
                }
                if (!handleCommonError(this, target(), error, retryBackoffMs)) {
                    fail(ApiException.forError(error, "AddOffsetsToTxn for group " + group.groupId()));
                }
            }

            @Override
            void fail(RuntimeException error) {
                failAbortable(error, result);
            }
        };
    }

    private TxnRequest txnOffsetCommit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                                       TransactionalRequestResult result) {
        Target groupCoordinator = new Target(FindCoordinatorRequest.GROUP_KEY_TYPE, group.groupId());
        return new TxnRequest(TxnRequest.ADD, result) {
            @Override
            Message build() {
                ProducerIdAndEpoch current = idempotence.producerIdAndEpoch();
                Map<String, List<TxnOffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
                offsets.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(new TxnOffsetCommitRequest.Partition(tp.partition(), o.offset(),
                        o.leaderEpoch().orElse(-1), o.metadata())));
                List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>();
                byTopic.forEach((topic, partitions) -> topics.add(new TxnOffsetCommitRequest.Topic(topic, partitions)));
                return new TxnOffsetCommitRequest(transactionalId, group.groupId(), current.producerId(),
                    current.epoch(), group.generationId(), group.memberId(), group.groupInstanceId().orElse(null),
                    topics);
            }

            @Override
            Target target() {
                return groupCoordinator;
            }

            @Override
            void handle(Message response) {
                Map<TopicPartition, Errors> errors = ((TxnOffsetCommitResponse) response).errors();
                Errors first = errors.values().stream().filter(e -> e != Errors.NONE).findFirst().orElse(Errors.NONE);
                if (first == Errors.NONE) {
                    result.done();
                    return;
                }
                switch (first) {
                    case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> fail(new CommitFailedException(first,
                        "Transaction offset Commit failed due to consumer group metadata mismatch"));
                    case FENCED_INSTANCE_ID -> fail(new FencedInstanceIdException("The group instance id of "
                        + group + " is used by another member"));
                    case UNKNOWN_TOPIC_OR_PARTITION -> retry(this, retryBackoffMs);
                    default -> {
                        if (!handleCommonError(this, target(), first, retryBackoffMs)) {
                            fail(ApiException.forError(first, "TxnOffsetCommit for group " + group.groupId()));
                        }
                    }
                }
            }

            @Override
            void fail(RuntimeException error) {
                failAbortable(error, result);
            }
        };
    }

    private void failAbortable(RuntimeException error, TransactionalRequestResult result) {
        if (error instanceof ProducerFencedException) {
            transitionToFatalError(error);
        } else {
            transitionToAbortableError(error);
        }
        result.fail(error);
    }

    private final class EndTxnRequestHandler extends TxnRequest {
        private final boolean commit;

        EndTxnRequestHandler(boolean commit, TransactionalRequestResult result) {
            super(TxnRequest.END, result);
            this.commit = commit;
        }

        @Override
        Message build() {
            ProducerIdAndEpoch current = idempotence.producerIdAndEpoch();
            return new EndTxnRequest(transactionalId, current.producerId(), current.epoch(), commit);
        }

        @Override
        Target target() {
            return transactionCoordinator();
        }

        @Override
        boolean isEndTxn() {
            return true;
        }

        @Override
        boolean allowedWhenAbortable() {
            return !commit;
        }

        @Override
        void handle(Message response) {
            Errors error = ((EndTxnResponse) response).error();
            if (error == Errors.NONE) {
                if (!commit && idempotence.takeEpochBumpRequest()) {
                    bumpEpochAfterAbort(result);
                    return;
                }
                completeTransaction();
                result.done();
                return;
            }
            if (!handleCommonError(this, target(), error, retryBackoffMs)) {
                fail(ApiException.forError(error, "EndTxn(" + (commit ? "commit" : "abort") + ") for transactional id "
                    + transactionalId));
            }
        }

        @Override
        void fail(RuntimeException error) {
            if (error instanceof ProducerFencedException || error instanceof InvalidProducerEpochException
                    || error instanceof InvalidTxnStateException) {
                transitionToFatalError(error);
            } else if (commit) {
                transitionToAbortableError(error);
                result.fail(error);
            } else {
                transitionToFatalError(error);
            }
        }
    }

    private TxnRequest endTxn(boolean commit, TransactionalRequestResult result) {
        return new EndTxnRequestHandler(commit, result);
    }
}
