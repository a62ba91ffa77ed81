package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session cache alone: what a fetch resolves to, and what its answer keeps, at each epoch. */
@Timeout(30)
class FetchSessionsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final FetchSessions sessions = new FetchSessions(2, 120_000, clock::get);

    @Test
    void shouldOpenASessionOnAFullFetchAndAnswerOnlyWhatIsNewAfterIt() {
        FetchSessions.Context full = sessions.open(fetch(0, 0, 0, 0, 1, 2), false);
        assertNull(full.error());
        assertEquals(List.of(0, 1, 2), partitionsOf(full.wanted()));
        FetchResponseData first = answer(p(0, 5, true), p(1, 3, false), p(2, 0, false));
        full.shape(first, false);
        int id = first.sessionId();
        assertNotEquals(0, id);
        assertEquals(List.of(0, 1, 2), answered(first), "a full fetch is answered whole");

        FetchSessions.Context next = sessions.open(fetch(id, 1, 5, 0), false);
        assertEquals(List.of(1, 2, 0), partitionsOf(next.wanted()),
            "an incremental fetch reads the whole session, partition 0 last as it brought records");
        assertEquals(5, next.wanted().get(2).fetchOffset(), "with the offset the request changed");
        FetchResponseData second = answer(p(0, 5, false), p(1, 4, false), p(2, 0, false));
        next.shape(second, false);
        assertEquals(id, second.sessionId());
        assertEquals(List.of(1), answered(second), "only the partition whose high watermark moved");

        FetchSessions.Context third = sessions.open(fetch(id, 2, 0, -1), false);
        FetchResponseData nothingNew = answer(p(0, 5, false), p(1, 4, false), p(2, 0, false));
        third.shape(nothingNew, false);
        assertEquals(List.of(), answered(nothingNew));
        assertEquals(List.of(), nothingNew.responses(), "a topic with no partition left is left out");
    }

    @Test
    void shouldRefuseAStaleEpochAnUnknownSessionAndAChangeOfTopicNaming() {
        FetchSessions.Context full = sessions.open(fetch(0, 0, 0, 0, 1), false);
        FetchResponseData first = answer(p(0, 1, false), p(1, 1, false));
        full.shape(first, false);
        int id = first.sessionId();
        assertNull(sessions.open(fetch(id, 1, 0, -1), false).error());
        assertEquals(Errors.INVALID_FETCH_SESSION_EPOCH, sessions.open(fetch(id, 1, 0, -1), false).error());
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND, sessions.open(fetch(id + 1, 1, 0, -1), false).error());
        assertEquals(Errors.FETCH_SESSION_TOPIC_ID_ERROR, sessions.open(fetch(id, 2, 0, -1), true).error());
    }

    @Test
    void shouldForgetPartitionsAndMoveThoseWithRecordsToTheEnd() {
        FetchSessions.Context full = sessions.open(fetch(0, 0, 0, 0, 1, 2), false);
        FetchResponseData first = answer(p(0, 1, true), p(1, 0, false), p(2, 0, false));
        full.shape(first, false);
        int id = first.sessionId();
        assertEquals(List.of(1, 2, 0), keysOf(id), "partition 0 brought records: the others go first next time");

        FetchRequestData forget = fetch(id, 1, 0, -1);
        forget.forgottenTopicsData().add(new FetchRequestData.ForgottenTopic().setTopic("t").setPartitions(List.of(2)));
        FetchSessions.Context next = sessions.open(forget, false);
        assertEquals(List.of(1, 0), partitionsOf(next.wanted()));
    }

    @Test
    void shouldCloseOnTheFinalEpochAndReplaceOnEpochZero() {
        FetchSessions.Context full = sessions.open(fetch(0, 0, 0, 0), false);
        FetchResponseData first = answer(p(0, 1, false));
        full.shape(first, false);
        int id = first.sessionId();

        FetchSessions.Context closing = sessions.open(fetch(id, FetchSessions.FINAL_EPOCH, 0, 0), false);
        FetchResponseData sessionless = answer(p(0, 1, false));
        closing.shape(sessionless, false);
        assertEquals(0, sessionless.sessionId());
        assertEquals(List.of(0), answered(sessionless), "a sessionless fetch is answered whole");
        assertEquals(0, sessions.size());
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND, sessions.open(fetch(id, 1, 0, -1), false).error());

        FetchResponseData reopened = answer(p(0, 1, false));
        sessions.open(fetch(0, 0, 0, 0), false).shape(reopened, false);
        FetchResponseData replaced = answer(p(0, 1, false));
        sessions.open(fetch(reopened.sessionId(), 0, 0, 0), false).shape(replaced, false);
        assertNotEquals(reopened.sessionId(), replaced.sessionId());
        assertEquals(1, sessions.size(), "epoch 0 on a session closes it and opens another");
    }

    @Test
    void shouldEvictOnlyASessionIdleLongEnoughWhenFull() {
        int first = open();
        clock.addAndGet(1_000);
        int second = open();
        assertEquals(0, open(), "full, and no session idle long enough: none opened");
        clock.addAndGet(119_500);
        assertNull(sessions.open(fetch(second, 1, 0, -1), false).error());
        int third = open();
        assertNotEquals(0, third, "the least recently used, idle 120.5 s, made room");
        assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND, sessions.open(fetch(first, 1, 0, -1), false).error());
        assertNull(sessions.open(fetch(second, 2, 0, -1), false).error());
    }

    @Test
    void shouldKeySessionsByTopicIdFromVersion13() {
        Uuid id = Uuid.randomUuid();
        FetchRequestData request = new FetchRequestData().setSessionId(0).setSessionEpoch(0);
        request.topics().add(new FetchRequestData.FetchTopic().setTopicId(id).setPartitions(List.of(
            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0))));
        FetchSessions.Context full = sessions.open(request, true);
        assertEquals(new FetchSessions.Key(id, null, 0), full.wanted().get(0).key());
        FetchResponseData first = new FetchResponseData();
        first.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("named").setTopicId(id)
            .setPartitions(new ArrayList<>(List.of(p(0, 1, false)))));
        full.shape(first, true);
        FetchSessions.Context next = sessions.open(new FetchRequestData().setSessionId(first.sessionId())
            .setSessionEpoch(1), true);
        FetchResponseData second = new FetchResponseData();
        second.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("named").setTopicId(id)
            .setPartitions(new ArrayList<>(List.of(p(0, 2, false)))));
        next.shape(second, true);
        assertEquals(1, second.responses().get(0).partitions().size(), "found in the session by its topic id");
    }

    private int open() {
        FetchResponseData answer = answer(p(0, 1, false));
        sessions.open(fetch(0, 0, 0, 0), false).shape(answer, false);
        return answer.sessionId();
    }

    /** A fetch of topic "t" naming {@code partitions} at {@code offset}; a partition of -1 is left out (an empty incremental fetch). */
    private static FetchRequestData fetch(int sessionId, int epoch, long offset, int... partitions) {
        FetchRequestData request = new FetchRequestData().setSessionId(sessionId).setSessionEpoch(epoch);
        List<FetchRequestData.FetchPartition> named = new ArrayList<>();
        for (int partition : partitions) {
            if (partition >= 0) {
                named.add(new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(offset)
                    .setPartitionMaxBytes(1 << 20));
            }
        }
        if (!named.isEmpty()) {
            request.topics().add(new FetchRequestData.FetchTopic().setTopic("t").setPartitions(named));
        }
        return request;
    }

    private static FetchResponseData.PartitionData p(int partition, long highWatermark, boolean withRecords) {
        return new FetchResponseData.PartitionData().setPartitionIndex(partition).setHighWatermark(highWatermark)
            .setLastStableOffset(highWatermark).setLogStartOffset(0)
            .setRecords(withRecords ? MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))
                : MemoryRecords.EMPTY);
    }

    private static FetchResponseData answer(FetchResponseData.PartitionData... partitions) {
        FetchResponseData answer = new FetchResponseData();
        answer.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("t")
            .setPartitions(new ArrayList<>(List.of(partitions))));
        return answer;
    }

    private static List<Integer> answered(FetchResponseData answer) {
        List<Integer> partitions = new ArrayList<>();
        answer.responses().forEach(topic -> topic.partitions().forEach(p -> partitions.add(p.partitionIndex())));
        return partitions;
    }

    private static List<Integer> partitionsOf(List<FetchSessions.Wanted> wanted) {
        return wanted.stream().map(w -> w.key().partition()).toList();
    }

    private List<Integer> keysOf(int sessionId) {
        return sessions.partitionsOf(sessionId).stream().map(FetchSessions.Key::partition).toList();
    }
}
