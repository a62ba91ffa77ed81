package io.zkafka.broker.handler;

import static io.zkafka.broker.replica.ReplicaFixture.ME;
import static io.zkafka.broker.replica.ReplicaFixture.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaFixture;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.RequestHeader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-poll fetches in the fetch purgatory, driven through the fetch and produce handlers of a
 * replica manager without network or ZooKeeper (broker 1 leads; followers 2 and 3 fetch through the
 * same handler). Time moves only when the test moves it.
 */
@Timeout(30)
class DelayedFetchTest {
    private static final int MAX_WAIT_MS = 500;
    private static final int FOLLOWER = 2;
    private static final int OTHER_FOLLOWER = 3;

    @TempDir
    Path dir;
    private ReplicaFixture fixture;
    private FetchHandler fetch;
    private ProduceHandler produce;
    private TopicPartition tp;
    private Partition partition;

    @BeforeEach
    void start() throws Exception {
        fixture = new ReplicaFixture(dir, 30_000, 1);
        fetch = new FetchHandler(fixture.replicas, fixture.metrics, Authorizer.ALLOW_ALL);
        produce = new ProduceHandler(fixture.replicas, fixture.metrics, Authorizer.ALLOW_ALL);
        tp = fixture.createTopic("t", List.of(ME, FOLLOWER, OTHER_FOLLOWER), ME, List.of(ME, FOLLOWER, OTHER_FOLLOWER), 4);
        partition = fixture.partition(tp);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static RequestContext context(ApiKeys key) {
        return new RequestContext(new RequestHeader(key, key.latestVersion, 1, "test"), "127.0.0.1:1", System.nanoTime());
    }

    private CompletableFuture<FetchResponse> fetch(int replicaId, long offset, int minBytes, int leaderEpoch) {
        FetchRequest request = new FetchRequest(replicaId, MAX_WAIT_MS, minBytes, 1 << 20, List.of(
            new FetchRequest.FetchTopic(tp.topic(), List.of(new FetchRequest.FetchPartition(tp.partition(), leaderEpoch,
                offset, 0, 1 << 20)))));
        return fetch.handle(context(ApiKeys.FETCH), request);
    }

    private CompletableFuture<FetchResponse> consumerFetch(long offset, int minBytes) {
        return fetch(FetchRequest.CONSUMER_REPLICA_ID, offset, minBytes, -1);
    }

    /** Appends with acks=1 through the produce handler; returns the new log end offset. */
    private long produce(ByteBuffer batch) throws Exception {
        ProduceRequest request = new ProduceRequest((short) 1, 30_000, List.of(new ProduceRequest.TopicData(tp.topic(),
            List.of(new ProduceRequest.PartitionData(tp.partition(), RecordsPayload.of(batch))))));
        assertEquals(Errors.NONE, produce.handle(context(ApiKeys.PRODUCE), request).get(5, TimeUnit.SECONDS)
            .topics().get(0).partitions().get(0).error());
        return partition.logEndOffset();
    }

    /** Both followers fetch from {@code offset} (with no wait): the high watermark follows them. */
    private void followersReach(long offset) throws Exception {
        for (int follower : List.of(FOLLOWER, OTHER_FOLLOWER)) {
            FetchRequest request = new FetchRequest(follower, 0, 1, 1 << 20, List.of(new FetchRequest.FetchTopic(tp.topic(),
                List.of(new FetchRequest.FetchPartition(tp.partition(), 4, offset, 0, 1 << 20)))));
            fetch.handle(context(ApiKeys.FETCH), request).get(5, TimeUnit.SECONDS);
        }
    }

    private static FetchResponse.PartitionData only(CompletableFuture<FetchResponse> response) throws Exception {
        assertTrue(response.isDone(), "the fetch has been answered");
        return response.get().topics().get(0).partitions().get(0);
    }

    private void assertNothingWatched() {
        assertEquals(0, fixture.replicas.fetchPurgatory().watched());
        assertEquals(0, fixture.replicas.fetchPurgatory().watchedKeys());
    }

    @Test
    void shouldServeNothingToAReplacedIncarnationOfAFollower() throws Exception {
        long end = produce(batch(3, 10));
        fixture.replicas.onFollowerFetch(partition, OTHER_FOLLOWER, ReplicaFixture.epochOf(OTHER_FOLLOWER), end, -1L);
        fixture.reregister(FOLLOWER, ReplicaFixture.epochOf(FOLLOWER) + 1);
        FetchRequest stale = new FetchRequest(FOLLOWER, ReplicaFixture.epochOf(FOLLOWER), 0, 1, 1 << 20,
            List.of(new FetchRequest.FetchTopic(tp.topic(), List.of(new FetchRequest.FetchPartition(tp.partition(), 4,
                end, 0, 1 << 20)))));

        FetchResponse.PartitionData answer = only(fetch.handle(context(ApiKeys.FETCH), stale));

        assertEquals(Errors.STALE_BROKER_EPOCH, answer.error());
        assertEquals(0, answer.records().sizeInBytes());
        assertEquals(0, partition.highWatermark(), "the replaced incarnation's fetch offset counts for nothing");
    }

    @Test
    void shouldAnswerAConsumerOnlyOnceTheHighWatermarkPassesNewRecords() throws Exception {
        CompletableFuture<FetchResponse> waiting = consumerFetch(0, 1);
        assertFalse(waiting.isDone(), "nothing to read: the fetch waits");

        ByteBuffer records = batch(3, 20);
        int size = records.remaining();
        long end = produce(records);
        assertFalse(waiting.isDone(), "appended, but not yet below the high watermark");

        followersReach(end);
        FetchResponse.PartitionData data = only(waiting);
        assertEquals(Errors.NONE, data.error());
        assertEquals(end, data.highWatermark());
        assertEquals(size, data.records().sizeInBytes(), "the whole batch, read once at completion");
        assertNothingWatched();
    }

    @Test
    void shouldCompleteAFetchOfManyPartitionsOnAnAppendToAnyOneOfThem() throws Exception {
        List<TopicPartition> others = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(fixture.createTopic("u" + i, List.of(ME), ME, List.of(ME), 1));
        }
        List<FetchRequest.FetchTopic> topics = new java.util.ArrayList<>();
        topics.add(new FetchRequest.FetchTopic(tp.topic(), List.of(new FetchRequest.FetchPartition(tp.partition(), -1,
            0, 0, 1 << 20))));
        for (TopicPartition other : others) {
            topics.add(new FetchRequest.FetchTopic(other.topic(), List.of(new FetchRequest.FetchPartition(
                other.partition(), -1, 0, 0, 1 << 20))));
        }
        CompletableFuture<FetchResponse> waiting = fetch.handle(context(ApiKeys.FETCH),
            new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, MAX_WAIT_MS, 1, 1 << 20, topics));
        assertFalse(waiting.isDone());

        ByteBuffer records = batch(2, 30);
        int size = records.remaining();
        TopicPartition fourth = others.get(3);
        ProduceRequest request = new ProduceRequest((short) 1, 30_000, List.of(new ProduceRequest.TopicData(
            fourth.topic(), List.of(new ProduceRequest.PartitionData(fourth.partition(), RecordsPayload.of(records))))));
        produce.handle(context(ApiKeys.PRODUCE), request).get(5, TimeUnit.SECONDS);

        assertTrue(waiting.isDone(), "an append to one of the fetch's partitions completes it");
        FetchResponse answer = waiting.get();
        assertEquals(size, answer.topics().stream().filter(t -> t.name().equals(fourth.topic())).findFirst()
            .orElseThrow().partitions().get(0).records().sizeInBytes());
        assertNothingWatched();
    }

    @Test
    void shouldWaitForMinBytesAcrossSeveralAppends() throws Exception {
        ByteBuffer first = batch(2, 100);
        ByteBuffer second = batch(2, 100);
        int firstSize = first.remaining();
        int both = firstSize + second.remaining();
        CompletableFuture<FetchResponse> waiting = consumerFetch(0, both);

        followersReach(produce(first));
        assertFalse(waiting.isDone(), firstSize + " of " + both + " bytes are available");

        followersReach(produce(second));
        assertEquals(both, only(waiting).records().sizeInBytes());
        assertNothingWatched();
    }

    @Test
    void shouldCountBytesAlreadyThereWhenTheFetchArrived() throws Exception {
        ByteBuffer first = batch(2, 100);
        int firstSize = first.remaining();
        followersReach(produce(first));
        CompletableFuture<FetchResponse> waiting = consumerFetch(0, firstSize + 1);
        assertFalse(waiting.isDone());

        followersReach(produce(batch(1, 1)));
        assertTrue(waiting.isDone(), "the first read's bytes plus the new batch reach min bytes");
    }

    @Test
    void shouldAnswerWithWhatThereIsWhenTheWaitExpires() throws Exception {
        ByteBuffer records = batch(1, 10);
        int size = records.remaining();
        followersReach(produce(records));
        CompletableFuture<FetchResponse> waiting = consumerFetch(0, 1 << 20);
        assertFalse(waiting.isDone());

        fixture.timer.advance(MAX_WAIT_MS - 1);
        assertFalse(waiting.isDone());
        fixture.timer.advance(1);
        FetchResponse.PartitionData data = only(waiting);
        assertEquals(Errors.NONE, data.error());
        assertEquals(size, data.records().sizeInBytes());
        assertNothingWatched();
    }

    @Test
    void shouldAnswerNotLeaderWhenLeadershipMovesWhileWaiting() throws Exception {
        CompletableFuture<FetchResponse> waiting = consumerFetch(0, 1);
        fixture.metadata.onBrokerDeregistered(FOLLOWER); // so following it connects nowhere
        fixture.setState(tp, FOLLOWER, List.of(FOLLOWER, OTHER_FOLLOWER), 5);
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, only(waiting).error());
        assertNothingWatched();
    }

    @Test
    void shouldAnswerWhenThePartitionIsDeletedWhileWaiting() throws Exception {
        CompletableFuture<FetchResponse> waiting = consumerFetch(0, 1);
        fixture.metadata.onTopicDeleted(tp.topic());
        fixture.replicas.onTopicDeleted(tp.topic());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, only(waiting).error());
        assertNothingWatched();
    }

    @Test
    void shouldAnswerAFollowerWhenRecordsReachTheLogEnd() throws Exception {
        long end = produce(batch(2, 10));
        followersReach(end);
        CompletableFuture<FetchResponse> waiting = fetch(FOLLOWER, end, 1, 4);
        assertFalse(waiting.isDone());

        ByteBuffer records = batch(1, 10);
        int size = records.remaining();
        produce(records);
        FetchResponse.PartitionData data = only(waiting);
        assertEquals(size, data.records().sizeInBytes(), "followers read past the high watermark");
        assertEquals(end, data.highWatermark());
        assertNothingWatched();
    }

    @Test
    void shouldApplyAFollowersFetchOffsetWhenTheRequestArrives() throws Exception {
        long end = produce(batch(2, 10));
        fetch(FOLLOWER, end, 1 << 20, 4);
        CompletableFuture<FetchResponse> waiting = fetch(OTHER_FOLLOWER, end, 1 << 20, 4);
        assertEquals(end, partition.highWatermark(), "both followers' offsets counted before their fetches wait");
        assertFalse(waiting.isDone());
    }

    @Test
    void shouldFenceFetchesOfAnotherLeaderEpochAtOnce() throws Exception {
        assertEquals(Errors.FENCED_LEADER_EPOCH, only(fetch(FetchRequest.CONSUMER_REPLICA_ID, 0, 1, 3)).error());
        assertEquals(Errors.UNKNOWN_LEADER_EPOCH, only(fetch(FetchRequest.CONSUMER_REPLICA_ID, 0, 1, 5)).error());
        assertEquals(Errors.FENCED_LEADER_EPOCH, only(fetch(FOLLOWER, 0, 1, 3)).error());
        assertEquals(0, partition.highWatermark());
        assertNothingWatched();
    }

    @Test
    void shouldAnswerAConsumerAheadOfTheHighWatermarkOnlyOnceItPassesItsOffset() throws Exception {
        long end = produce(batch(4, 10));
        followersReach(2);
        CompletableFuture<FetchResponse> waiting = consumerFetch(3, 1);
        assertFalse(waiting.isDone());
        followersReach(3);
        assertFalse(waiting.isDone(), "the watermark reached the fetch offset: still nothing to read");
        followersReach(end);
        assertTrue(waiting.isDone());
        assertEquals(Errors.NONE, only(waiting).error());
    }

    @Test
    void shouldLeaveNothingInThePurgatoryAfterManyFetches() throws Exception {
        for (int i = 0; i < 50; i++) {
            consumerFetch(partition.highWatermark(), 1);
        }
        assertEquals(50, fixture.replicas.fetchPurgatory().watched());
        fixture.timer.advance(MAX_WAIT_MS / 2);
        for (int i = 0; i < 50; i++) {
            consumerFetch(partition.highWatermark(), 1);
        }
        followersReach(produce(batch(1, 10)));
        fixture.timer.advance(MAX_WAIT_MS);
        assertNothingWatched();
        assertEquals(0, fixture.timer.pending(), "no timeout left behind");
    }
}
