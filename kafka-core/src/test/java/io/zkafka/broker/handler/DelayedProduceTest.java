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
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse.PartitionResponse;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.RequestHeader;
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
 * acks=all produces in the produce purgatory, driven through the produce and fetch handlers of a
 * replica manager without network or ZooKeeper (broker 1 leads with min.insync.replicas=2; followers
 * 2 and 3 replicate by fetching through the same handler). Time moves only when the test moves it.
 */
@Timeout(30)
class DelayedProduceTest {
    private static final int TIMEOUT_MS = 1000;
    private static final int FOLLOWER = 2;
    private static final int OTHER_FOLLOWER = 3;
    private static final int EPOCH = 1;

    @TempDir
    Path dir;
    private ReplicaFixture fixture;
    private FetchHandler fetch;
    private ProduceHandler produce;
    private TopicPartition tp;
    private Partition partition;

    @BeforeEach
    void start() throws Exception {
        fixture = new ReplicaFixture(dir, 30_000, 2);
        fetch = new FetchHandler(fixture.replicas, fixture.metrics, Authorizer.ALLOW_ALL);
        produce = new ProduceHandler(fixture.replicas, fixture.metrics, Authorizer.ALLOW_ALL);
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

    private CompletableFuture<ProduceResponse> produceAcksAll() {
        ProduceRequest request = new ProduceRequest((short) -1, TIMEOUT_MS, List.of(new ProduceRequest.TopicData(tp.topic(),
            List.of(new ProduceRequest.PartitionData(tp.partition(), RecordsPayload.of(batch(2, 10)))))));
        return produce.handle(context(ApiKeys.PRODUCE), request);
    }

    private void followerFetches(int follower, long offset) throws Exception {
        FetchRequest request = new FetchRequest(follower, 0, 1, 1 << 20, List.of(new FetchRequest.FetchTopic(tp.topic(),
            List.of(new FetchRequest.FetchPartition(tp.partition(), EPOCH, offset, 0, 1 << 20)))));
        fetch.handle(context(ApiKeys.FETCH), request).get(5, TimeUnit.SECONDS);
    }

    private static PartitionResponse only(CompletableFuture<ProduceResponse> response) throws Exception {
        assertTrue(response.isDone(), "the produce has been answered");
        return response.get().topics().get(0).partitions().get(0);
    }

    private void assertNothingWatched() {
        assertEquals(0, fixture.replicas.producePurgatory().watched());
        assertEquals(0, fixture.replicas.producePurgatory().watchedKeys());
        assertEquals(0, fixture.timer.pending(), "no timeout left behind");
    }

    @Test
    void shouldAnswerOnceEveryInSyncReplicaHasTheRecords() throws Exception {
        CompletableFuture<ProduceResponse> waiting = produceAcksAll();
        assertFalse(waiting.isDone());
        followerFetches(FOLLOWER, 2);
        assertFalse(waiting.isDone(), "follower 3 has not replicated yet");
        followerFetches(OTHER_FOLLOWER, 2);

        PartitionResponse response = only(waiting);
        assertEquals(Errors.NONE, response.error());
        assertEquals(0, response.baseOffset());
        assertNothingWatched();
    }

    @Test
    void shouldTimeOutWhenTheReplicasDoNotConfirmInTime() throws Exception {
        CompletableFuture<ProduceResponse> waiting = produceAcksAll();
        followerFetches(FOLLOWER, 2);
        fixture.timer.advance(TIMEOUT_MS - 1);
        assertFalse(waiting.isDone());
        fixture.timer.advance(1);
        assertEquals(Errors.REQUEST_TIMED_OUT, only(waiting).error());
        assertEquals(2, partition.logEndOffset(), "the records stay written");
        assertNothingWatched();
    }

    @Test
    void shouldAnswerNotLeaderWhenLeadershipMovesBeforeReplication() throws Exception {
        CompletableFuture<ProduceResponse> waiting = produceAcksAll();
        fixture.metadata.onBrokerDeregistered(FOLLOWER); // so following it connects nowhere
        fixture.setState(tp, FOLLOWER, List.of(FOLLOWER, OTHER_FOLLOWER), EPOCH + 1);
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, only(waiting).error());
        assertNothingWatched();
    }

    @Test
    void shouldAnswerNotLeaderWhenANewTermStartsEvenWithThisBrokerLeadingAgain() throws Exception {
        CompletableFuture<ProduceResponse> waiting = produceAcksAll();
        fixture.setState(tp, ME, List.of(ME, FOLLOWER, OTHER_FOLLOWER), EPOCH + 1);
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, only(waiting).error(),
            "the records were written in an older epoch, which may have been truncated elsewhere");
        assertNothingWatched();
    }

    @Test
    void shouldRefuseAcksAllWithTooFewReplicasInSync() throws Exception {
        fixture.setState(tp, ME, List.of(ME), EPOCH); // the same epoch, a newer ISR without the followers
        CompletableFuture<ProduceResponse> refused = produceAcksAll();
        assertEquals(Errors.NOT_ENOUGH_REPLICAS, only(refused).error());
        assertEquals(0, partition.logEndOffset());
        assertNothingWatched();
    }

    @Test
    void shouldAnswerAfterAppendWhenTheIsrShrankBelowMinIsrBeforeReplication() throws Exception {
        CompletableFuture<ProduceResponse> waiting = produceAcksAll();
        followerFetches(FOLLOWER, 2);
        followerFetches(OTHER_FOLLOWER, 1);
        fixture.setState(tp, ME, List.of(ME, FOLLOWER), EPOCH);   // follower 3 dropped: the watermark reaches 2
        assertEquals(Errors.NONE, only(waiting).error(), "2 in sync, min.insync.replicas=2");

        CompletableFuture<ProduceResponse> second = produceAcksAll();
        fixture.setState(tp, ME, List.of(ME), EPOCH);              // below min ISR: the watermark freezes
        assertFalse(second.isDone());
        fixture.timer.advance(TIMEOUT_MS);
        assertEquals(Errors.REQUEST_TIMED_OUT, only(second).error());
        assertNothingWatched();
    }
}
