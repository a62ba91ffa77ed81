package io.zkafka.broker.kafkaprotocol;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Kafka's incremental fetch sessions (KIP-227) on one listener. A consumer's full fetch (session
 * epoch 0) opens a session holding its partitions and their fetch offsets; its next fetches name only
 * the partitions whose fetch state changed and those it drops, and are answered only for the
 * partitions with something new: records, a moved high watermark, last stable offset or log start,
 * an error. A consumer of a thousand partitions then sends and reads a few of them a poll, not all
 * of them. Every fetch still reads every partition of its session, through the one native fetch.
 *
 * <p>At most {@code maxSessions} live at once; when full, the least recently used session goes if it
 * has been idle for {@code evictionMs}, and otherwise no session is opened (the answer carries session
 * id 0 and the client goes on with full fetches, as Kafka allows). A partition that came back with
 * records moves to the end of its session, so that under the answer's byte limit the others take
 * their turn first next time.
 *
 * <p>Thread-safe: the cache is guarded by its monitor, each session by its own. A client keeps one
 * fetch in flight per session; one sent out of turn finds the epoch moved on and is refused.
 */
final class FetchSessions {
    static final int INITIAL_EPOCH = 0;
    static final int FINAL_EPOCH = -1;

    private final int maxSessions;
    private final long evictionMs;
    private final LongSupplier clockMs;
    /** In access order: the first is the least recently used. */
    private final LinkedHashMap<Integer, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    FetchSessions(int maxSessions, long evictionMs, LongSupplier clockMs) {
        this.maxSessions = maxSessions;
        this.evictionMs = evictionMs;
        this.clockMs = clockMs;
    }

    /** A partition of a session: by topic id from Fetch 13, by name before. */
    record Key(Uuid topicId, String topic, int partition) {
        static Key of(boolean byId, Uuid topicId, String topic, int partition) {
            return byId ? new Key(topicId, null, partition) : new Key(Uuid.ZERO_UUID, topic, partition);
        }

        // written out: the record's generated methods go through method handles, slow under C1 alone
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Key that && partition == that.partition
                && topicId.equals(that.topicId) && Objects.equals(topic, that.topic);
        }

        @Override
        public int hashCode() {
            return (topicId.hashCode() * 31 + Objects.hashCode(topic)) * 0x9E3779B9 + partition;
        }
    }

    /** A partition to fetch, as its request (or its session) last gave it. */
    record Wanted(Key key, int currentLeaderEpoch, long fetchOffset, long logStartOffset, int maxBytes) {
        static Wanted of(Key key, FetchRequestData.FetchPartition asked) {
            return new Wanted(key, asked.currentLeaderEpoch(), asked.fetchOffset(), asked.logStartOffset(),
                asked.partitionMaxBytes());
        }
    }

    /**
     * What one fetch request is against the cache: the partitions to fetch, and how to shape the
     * answer and the session from the native answer. {@link #error()} set means answer that error alone.
     */
    static final class Context {
        private final Errors error;
        private final List<Wanted> wanted;
        private final Session session;
        private final boolean incremental;

        private Context(Errors error, List<Wanted> wanted, Session session, boolean incremental) {
            this.error = error;
            this.wanted = wanted;
            this.session = session;
            this.incremental = incremental;
        }

        Errors error() {
            return error;
        }

        List<Wanted> wanted() {
            return wanted;
        }

        /** The answer's session id; for an incremental fetch, drops the partitions with nothing new. */
        void shape(FetchResponseData answer, boolean byId) {
            answer.setSessionId(session == null ? 0 : session.id);
            if (session != null) {
                session.record(answer, byId, incremental);
            }
        }
    }

    /** Resolves a fetch request: a full fetch with or without a new session, an incremental one, or an error. */
    Context open(FetchRequestData request, boolean byId) {
        int id = request.sessionId();
        int epoch = request.sessionEpoch();
        if (id != 0 && (epoch == INITIAL_EPOCH || epoch == FINAL_EPOCH)) {
            remove(id);
        }
        if (epoch == INITIAL_EPOCH || epoch == FINAL_EPOCH) {
            List<Wanted> wanted = requested(request, byId);
            Session created = epoch == INITIAL_EPOCH && !wanted.isEmpty() ? create(byId, wanted) : null;
            return new Context(null, wanted, created, false);
        }
        Session session;
        synchronized (this) {
            session = id == 0 ? null : sessions.get(id);
        }
        if (session == null) {
            return new Context(Errors.FETCH_SESSION_ID_NOT_FOUND, List.of(), null, true);
        }
        return session.next(request, byId, epoch, clockMs.getAsLong());
    }

    /** Sessions open now. */
    synchronized int size() {
        return sessions.size();
    }

    /** Partitions held by the open sessions. */
    synchronized long partitionsCached() {
        long partitions = 0;
        for (Session session : sessions.values()) {
            synchronized (session) {
                partitions += session.partitions.size();
            }
        }
        return partitions;
    }

    private synchronized void remove(int id) {
        sessions.remove(id);
    }

    private synchronized Session create(boolean byId, List<Wanted> wanted) {
        long now = clockMs.getAsLong();
        if (sessions.size() >= maxSessions) {
            Iterator<Session> oldest = sessions.values().iterator();
            if (maxSessions == 0 || now - oldest.next().lastUsedMs < evictionMs) {
                return null;
            }
            oldest.remove();
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        Session session = new Session(id, byId, now);
        for (Wanted partition : wanted) {
            session.partitions.put(partition.key(), new Cached(partition));
        }
        sessions.put(id, session);
        return session;
    }

    private static List<Wanted> requested(FetchRequestData request, boolean byId) {
        List<Wanted> wanted = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                wanted.add(Wanted.of(Key.of(byId, topic.topicId(), topic.topic(), partition.partition()), partition));
            }
        }
        return wanted;
    }

    /** What a session knows of a partition: what to fetch, and what its last answer told the client. */
    private static final class Cached {
        Wanted wanted;
        long highWatermark = -1;
        long lastStableOffset = -1;
        long logStartOffset = -1;

        Cached(Wanted wanted) {
            this.wanted = wanted;
        }

        /** Whether the answer tells the client something new; remembers what it told. */
        boolean tellsSomethingNew(FetchResponseData.PartitionData data) {
            boolean news = data.errorCode() != Errors.NONE.code()
                || (data.records() != null && data.records().sizeInBytes() > 0)
                || data.highWatermark() != highWatermark
                || data.lastStableOffset() != lastStableOffset
                || data.logStartOffset() != logStartOffset;
            highWatermark = data.highWatermark();
            lastStableOffset = data.lastStableOffset();
            logStartOffset = data.logStartOffset();
            return news;
        }
    }

    private static final class Session {
        final int id;
        final boolean byId;
        final LinkedHashMap<Key, Cached> partitions = new LinkedHashMap<>();
        /** The epoch the next incremental fetch must carry. */
        int epoch = 1;
        long lastUsedMs;

        Session(int id, boolean byId, long now) {
            this.id = id;
            this.byId = byId;
            this.lastUsedMs = now;
        }

        synchronized Context next(FetchRequestData request, boolean requestById, int requestEpoch, long now) {
            if (requestById != byId) {
                return new Context(Errors.FETCH_SESSION_TOPIC_ID_ERROR, List.of(), null, true);
            }
            if (requestEpoch != epoch) {
                return new Context(Errors.INVALID_FETCH_SESSION_EPOCH, List.of(), null, true);
            }
            epoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
            lastUsedMs = now;
            for (FetchRequestData.ForgottenTopic forgotten : request.forgottenTopicsData()) {
                for (int partition : forgotten.partitions()) {
                    partitions.remove(Key.of(byId, forgotten.topicId(), forgotten.topic(), partition));
                }
            }
            for (Wanted changed : requested(request, byId)) {
                Cached cached = partitions.get(changed.key());
                if (cached == null) {
                    partitions.put(changed.key(), new Cached(changed));
                } else {
                    cached.wanted = changed;
                }
            }
            List<Wanted> wanted = new ArrayList<>(partitions.size());
            for (Cached cached : partitions.values()) {
                wanted.add(cached.wanted);
            }
            return new Context(null, wanted, this, true);
        }

        /**
         * Takes in the answer to a fetch of this session; for an incremental one, drops from it the
         * partitions with nothing new. Partitions that brought records go to the end of the session.
         */
        synchronized void record(FetchResponseData answer, boolean answerById, boolean incremental) {
            List<Key> withRecords = new ArrayList<>();
            Iterator<FetchResponseData.FetchableTopicResponse> topics = answer.responses().iterator();
            while (topics.hasNext()) {
                FetchResponseData.FetchableTopicResponse topic = topics.next();
                Iterator<FetchResponseData.PartitionData> each = topic.partitions().iterator();
                while (each.hasNext()) {
                    FetchResponseData.PartitionData data = each.next();
                    Key key = Key.of(answerById, topic.topicId(), topic.topic(), data.partitionIndex());
                    Cached cached = partitions.get(key);
                    boolean news = cached == null || cached.tellsSomethingNew(data);
                    if (incremental && !news) {
                        each.remove();
                    } else if (cached != null && data.records() != null && data.records().sizeInBytes() > 0) {
                        withRecords.add(key);
                    }
                }
                if (topic.partitions().isEmpty()) {
                    topics.remove();
                }
            }
            for (Key key : withRecords) {
                partitions.put(key, partitions.remove(key));
            }
        }
    }

    /** For tests: the partitions of a session, in fetch order. */
    synchronized List<Key> partitionsOf(int id) {
        Session session = sessions.get(id);
        if (session == null) {
            return List.of();
        }
        synchronized (session) {
            return new ArrayList<>(session.partitions.keySet());
        }
    }
}
