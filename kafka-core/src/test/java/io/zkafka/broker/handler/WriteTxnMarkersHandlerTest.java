package io.zkafka.broker.handler;

import static io.zkafka.broker.replica.ReplicaFixture.ME;
import static io.zkafka.broker.replica.ReplicaFixture.UNREGISTERED_BROKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaFixture;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RequestHeader;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.Log;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WriteTxnMarkers on the partition leader, with the markers waiting in the produce purgatory
 * ({@link DelayedTxnMarkers}): a replica manager without network or ZooKeeper over real logs in a temp
 * folder (broker 1 leads {@code t-0} with min.insync.replicas=2; followers 2 and 3 replicate by fetching
 * through the fetch handler). Transactional batches are appended as a producer's would be; time moves
 * only when the test moves it.
 */
@Timeout(30)
class WriteTxnMarkersHandlerTest {
    private static final int TIMEOUT_MS = 1000;
    private static final int FOLLOWER = 2;
    private static final int OTHER_FOLLOWER = 3;
    private static final int EPOCH = 1;
    private static final long PRODUCER = 4_000L;
    private static final long OTHER_PRODUCER = 4_001L;
    private static final short PRODUCER_EPOCH = 3;
    private static final int COORDINATOR_EPOCH = 5;

    /** One marker the listeners were told of. */
    private record Completed(TopicPartition tp, long producerId, boolean committed, long markerOffset) {
    }

    @TempDir
    Path dir;
    private ReplicaFixture fixture;
    private FetchHandler fetch;
    private WriteTxnMarkersHandler markers;
    private TopicPartition tp;
    private Partition partition;
    private final List<Completed> completed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new ReplicaFixture(dir, 30_000, 2);
        fetch = new FetchHandler(fixture.replicas, fixture.metrics, Authorizer.ALLOW_ALL);
        markers = new WriteTxnMarkersHandler(fixture.replicas, TIMEOUT_MS, () -> 1_700_000_000_000L, Authorizer.ALLOW_ALL);
        fixture.replicas.addTxnMarkerListener((partition, producerId, committed, offset) ->
            completed.add(new Completed(partition, producerId, committed, offset)));
        tp = fixture.createTopic("t", List.of(ME, FOLLOWER, OTHER_FOLLOWER), ME, List.of(ME, FOLLOWER, OTHER_FOLLOWER),
            EPOCH);
        partition = fixture.partition(tp);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static RequestContext context(ApiKeys key) {
        return new RequestContext(new RequestHeader(key, key.latestVersion, 1, "test"), "127.0.0.1:1", System.nanoTime());
    }

    /** A producer's transactional batch of {@code records} records, appended with acks=1. */
    private void sendInTransaction(long producerId, short producerEpoch, int baseSequence, int records)
        throws Exception {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20)
            .producer(producerId, producerEpoch, baseSequence).transactional(true);
        for (int i = 0; i < records; i++) {
            builder.append(1_700_000_000_000L, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        partition.appendAsLeader(builder.build(), (short) 1);
    }

    private static WriteTxnMarkersRequest.TxnMarker marker(long producerId, short producerEpoch, boolean committed,
                                                          int coordinatorEpoch, TopicPartition... partitions) {
        return new WriteTxnMarkersRequest.TxnMarker(producerId, producerEpoch, committed, coordinatorEpoch,
            List.of(partitions));
    }

    private CompletableFuture<WriteTxnMarkersResponse> write(WriteTxnMarkersRequest.TxnMarker... toWrite) {
        return markers.handle(context(ApiKeys.WRITE_TXN_MARKERS), new WriteTxnMarkersRequest(List.of(toWrite)));
    }

    private void followersFetch(long offset) throws Exception {
        for (int follower : List.of(FOLLOWER, OTHER_FOLLOWER)) {
            FetchRequest request = new FetchRequest(follower, 0, 1, 1 << 20, List.of(new FetchRequest.FetchTopic(
                tp.topic(), List.of(new FetchRequest.FetchPartition(tp.partition(), EPOCH, offset, 0, 1 << 20)))));
            fetch.handle(context(ApiKeys.FETCH), request).get(5, TimeUnit.SECONDS);
        }
    }

    /** The answer's error per producer and partition, in the answer's order. */
    private static Map<Long, List<WriteTxnMarkersResponse.PartitionError>> answered(
        CompletableFuture<WriteTxnMarkersResponse> response) throws Exception {
        assertTrue(response.isDone(), "the markers have been answered");
        return response.get().markers().stream().collect(Collectors.toMap(
            WriteTxnMarkersResponse.MarkerResult::producerId, WriteTxnMarkersResponse.MarkerResult::partitions));
    }

    private static Errors only(CompletableFuture<WriteTxnMarkersResponse> response) throws Exception {
        assertTrue(response.isDone(), "the markers have been answered");
        List<WriteTxnMarkersResponse.MarkerResult> results = response.get().markers();
        assertEquals(1, results.size());
        assertEquals(1, results.get(0).partitions().size());
        return results.get(0).partitions().get(0).error();
    }

    private void assertNothingWatched() {
        assertEquals(0, fixture.replicas.producePurgatory().watched());
        assertEquals(0, fixture.replicas.producePurgatory().watchedKeys());
        assertEquals(0, fixture.timer.pending(), "no timeout left behind");
    }

    @Test
    void shouldAnswerACommitOnceTheInSyncReplicasHaveTheMarkerAndOnlyThenTellTheListeners() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 2);
        followersFetch(2);
        assertEquals(0, partition.log().lastStableOffset(), "the open transaction holds read_committed at its start");

        CompletableFuture<WriteTxnMarkersResponse> waiting =
            write(marker(PRODUCER, PRODUCER_EPOCH, true, COORDINATOR_EPOCH, tp));

        assertFalse(waiting.isDone(), "the followers do not have the marker yet");
        assertEquals(3, partition.logEndOffset(), "the marker is written at offset 2");
        assertEquals(List.of(), completed, "nobody is told of a marker the ISR may still lose");
        assertEquals(0, partition.log().lastStableOffset(), "unstable until the high watermark passes the marker");

        followersFetch(3);

        assertEquals(Errors.NONE, only(waiting));
        assertEquals(List.of(new Completed(tp, PRODUCER, true, 2)), completed);
        assertEquals(3, partition.log().lastStableOffset());
        assertEquals(List.of(), partition.log().collectAbortedTransactions(0, 3), "a commit is no aborted transaction");
        assertNothingWatched();
    }

    @Test
    void shouldIndexAnAbortAndFenceTheZombieWhenTheCoordinatorBumpsTheEpoch() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 3);
        short bumped = PRODUCER_EPOCH + 1;

        CompletableFuture<WriteTxnMarkersResponse> waiting =
            write(marker(PRODUCER, bumped, false, COORDINATOR_EPOCH, tp));
        followersFetch(4);

        assertEquals(Errors.NONE, only(waiting));
        assertEquals(List.of(new Completed(tp, PRODUCER, false, 3)), completed);
        List<AbortedTxn> aborted = partition.log().collectAbortedTransactions(0, 4);
        assertEquals(1, aborted.size());
        assertEquals(PRODUCER, aborted.get(0).producerId());
        assertEquals(0, aborted.get(0).firstOffset());
        assertEquals(3, aborted.get(0).lastOffset(), "the abort marker's offset");
        assertEquals(4, partition.log().lastStableOffset());
        assertThrows(InvalidProducerEpochException.class, () -> sendInTransaction(PRODUCER, PRODUCER_EPOCH, 3, 1),
            "the zombie's late write at the old epoch is refused");
        assertEquals(4, partition.logEndOffset());
        assertNothingWatched();
    }

    @Test
    void shouldRefuseAMarkerOfAnOlderCoordinatorEpochOrProducerEpochWithoutWritingIt() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 1);
        CompletableFuture<WriteTxnMarkersResponse> first =
            write(marker(PRODUCER, PRODUCER_EPOCH, true, COORDINATOR_EPOCH, tp));
        followersFetch(2);
        assertEquals(Errors.NONE, only(first));
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 1, 1);

        CompletableFuture<WriteTxnMarkersResponse> oldCoordinator =
            write(marker(PRODUCER, PRODUCER_EPOCH, false, COORDINATOR_EPOCH - 1, tp));
        CompletableFuture<WriteTxnMarkersResponse> oldProducer =
            write(marker(PRODUCER, (short) (PRODUCER_EPOCH - 1), false, COORDINATOR_EPOCH, tp));

        assertEquals(Errors.TRANSACTION_COORDINATOR_FENCED, only(oldCoordinator), "answered at once");
        assertEquals(Errors.INVALID_PRODUCER_EPOCH, only(oldProducer));
        assertEquals(3, partition.logEndOffset(), "neither marker was written");
        assertEquals(2, partition.log().firstUnstableOffset().orElseThrow(), "the second transaction is still open");
        assertEquals(List.of(new Completed(tp, PRODUCER, true, 1)), completed);
        assertNothingWatched();
    }

    @Test
    void shouldAnswerEachPartitionOfEachMarkerInRequestOrderWithTheErrorsOfThoseItCannotWrite() throws Exception {
        TopicPartition followed = fixture.createTopic("followed", List.of(UNREGISTERED_BROKER, ME), UNREGISTERED_BROKER,
            List.of(UNREGISTERED_BROKER, ME), 1);
        TopicPartition unknown = new TopicPartition("nope", 0);
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 1);
        sendInTransaction(OTHER_PRODUCER, (short) 0, 0, 1);

        CompletableFuture<WriteTxnMarkersResponse> waiting = write(
            marker(PRODUCER, PRODUCER_EPOCH, true, COORDINATOR_EPOCH, unknown, tp, followed),
            marker(OTHER_PRODUCER, (short) 0, false, COORDINATOR_EPOCH, tp));
        assertFalse(waiting.isDone(), "t-0's two markers wait for the followers");
        followersFetch(4);

        Map<Long, List<WriteTxnMarkersResponse.PartitionError>> answers = answered(waiting);
        assertEquals(List.of(new WriteTxnMarkersResponse.PartitionError(unknown, Errors.UNKNOWN_TOPIC_OR_PARTITION),
            new WriteTxnMarkersResponse.PartitionError(tp, Errors.NONE),
            new WriteTxnMarkersResponse.PartitionError(followed, Errors.NOT_LEADER_OR_FOLLOWER)), answers.get(PRODUCER));
        assertEquals(List.of(new WriteTxnMarkersResponse.PartitionError(tp, Errors.NONE)), answers.get(OTHER_PRODUCER));
        assertEquals(List.of(new Completed(tp, PRODUCER, true, 2), new Completed(tp, OTHER_PRODUCER, false, 3)),
            completed, "only the markers written, in request order");
        assertEquals(List.of(OTHER_PRODUCER), partition.log().collectAbortedTransactions(0, 4).stream()
            .map(AbortedTxn::producerId).toList());
        assertNothingWatched();
    }

    @Test
    void shouldRefuseToWriteWithTooFewReplicasInSync() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 1);
        fixture.setState(tp, ME, List.of(ME), EPOCH); // the same epoch, an ISR below min.insync.replicas=2

        CompletableFuture<WriteTxnMarkersResponse> refused =
            write(marker(PRODUCER, PRODUCER_EPOCH, true, COORDINATOR_EPOCH, tp));

        assertEquals(Errors.NOT_ENOUGH_REPLICAS, only(refused));
        assertEquals(1, partition.logEndOffset(), "no marker written: the coordinator retries it");
        assertEquals(List.of(), completed);
        assertNothingWatched();
    }

    @Test
    void shouldTimeOutWhenTheReplicasDoNotConfirmInTimeAndTellNobody() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 1);
        CompletableFuture<WriteTxnMarkersResponse> waiting =
            write(marker(PRODUCER, PRODUCER_EPOCH, true, COORDINATOR_EPOCH, tp));

        fixture.timer.advance(TIMEOUT_MS - 1);
        assertFalse(waiting.isDone());
        fixture.timer.advance(1);

        assertEquals(Errors.REQUEST_TIMED_OUT, only(waiting));
        assertEquals(List.of(), completed);
        assertEquals(2, partition.logEndOffset(), "the marker stays written; a retry writes one of the same kind");
        assertNothingWatched();
    }

    @Test
    void shouldAnswerNotLeaderWhenANewTermStartsBeforeTheMarkerIsReplicated() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 1);
        CompletableFuture<WriteTxnMarkersResponse> waiting =
            write(marker(PRODUCER, PRODUCER_EPOCH, true, COORDINATOR_EPOCH, tp));

        fixture.setState(tp, ME, List.of(ME, FOLLOWER, OTHER_FOLLOWER), EPOCH + 1);

        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, only(waiting),
            "written in an older term, which may have been truncated elsewhere");
        assertEquals(List.of(), completed);
        assertNothingWatched();
    }

    @Test
    void shouldFindTheAbortIndexedAndNoOpenTransactionAfterTheLogIsReopenedFromDisk() throws Exception {
        sendInTransaction(PRODUCER, PRODUCER_EPOCH, 0, 2);
        CompletableFuture<WriteTxnMarkersResponse> waiting =
            write(marker(PRODUCER, PRODUCER_EPOCH, false, COORDINATOR_EPOCH, tp));
        followersFetch(3);
        assertEquals(Errors.NONE, only(waiting));

        fixture.close();
        List<Integer> replicas = List.of(ME, FOLLOWER, OTHER_FOLLOWER);
        fixture = new ReplicaFixture(dir, 30_000, 2, new ClusterSnapshot(Map.of(), Map.of("t",
            new ClusterSnapshot.TopicSnapshot(new TopicAssignment("t", Map.of(0, replicas), 0),
                Map.of(0, new PartitionState(tp, new LeaderAndIsr(ME, EPOCH + 1, replicas, 1), 1)),
                new TopicConfig("t", Map.of(), 0))), Set.of()));
        Log reopened = fixture.partition(tp).log();

        assertEquals(3, reopened.logEndOffset());
        List<AbortedTxn> aborted = reopened.collectAbortedTransactions(0, 3);
        assertEquals(1, aborted.size());
        assertEquals(List.of(PRODUCER, 0L, 2L), List.of(aborted.get(0).producerId(), aborted.get(0).firstOffset(),
            aborted.get(0).lastOffset()));
        assertTrue(reopened.firstUnstableOffset().isEmpty(), "the aborted transaction is not open again");
    }
}
