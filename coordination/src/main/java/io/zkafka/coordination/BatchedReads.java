package io.zkafka.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads of small znodes asked for one at a time on ZooKeeper's event thread (the cluster watcher's
 * partition state changes: a controller's election of thousands of leaders is thousands of events)
 * sent as multi-reads, like Nagle's algorithm: with no read out, a read goes at once; those asked for
 * while a round is out wait for its answer and then go together, in multi-reads of
 * {@value PipelinedCalls#SMALL_READS_PER_CALL}. A burst of 3,300 events is two rounds and 18 requests
 * instead of 3,300; a lone event waits for nothing. Each read's answer comes on ZooKeeper's event
 * thread (or at once, failed, when there is no ZooKeeper handle); every read asked for is answered,
 * so a round always ends. Thread-safe: after a new session, answers of the old one's reads may still
 * come on its own event thread.
 */
final class BatchedReads {
    /** One read: its path, and what to do with the answer. */
    interface Read {
        String path();

        /** The znode's data, empty if it does not exist; {@code failed} when it could not be read (no connection). */
        void answered(Optional<PipelinedCalls.Versioned> value, boolean failed);
    }

    private final PipelinedCalls calls;
    private final Object lock = new Object();
    /** Asked for while a round was out. Guarded by {@code lock}. */
    private List<Read> waiting = new ArrayList<>();
    /** Multi-reads of the round out not answered yet; 0 when none is out. Guarded by {@code lock}. */
    private int outstanding;
    private final AtomicInteger requests = new AtomicInteger();

    BatchedReads(PipelinedCalls calls) {
        this.calls = calls;
    }

    /** Reads {@code read}'s znode now, or with the next round if one is out. Never blocks. */
    void read(Read read) {
        List<List<Read>> round;
        synchronized (lock) {
            waiting.add(read);
            if (outstanding > 0) {
                return;
            }
            round = takeWaiting();
        }
        send(round);
    }

    /** How many multi-reads were sent (for tests). */
    int requests() {
        return requests.get();
    }

    /** Under {@code lock}: the waiting reads cut into multi-reads, counted as the round out. */
    private List<List<Read>> takeWaiting() {
        List<Read> taken = waiting;
        waiting = new ArrayList<>();
        List<List<Read>> chunks = new ArrayList<>();
        for (int from = 0; from < taken.size(); from += PipelinedCalls.SMALL_READS_PER_CALL) {
            chunks.add(taken.subList(from, Math.min(taken.size(), from + PipelinedCalls.SMALL_READS_PER_CALL)));
        }
        outstanding = chunks.size();
        return chunks;
    }

    private void send(List<List<Read>> round) {
        for (List<Read> chunk : round) {
            List<String> paths = new ArrayList<>(chunk.size());
            chunk.forEach(read -> paths.add(read.path()));
            requests.incrementAndGet();
            calls.multiRead(paths, (values, error) -> {
                try {
                    for (int i = 0; i < chunk.size(); i++) {
                        chunk.get(i).answered(error == null ? values.get(i) : Optional.empty(), error != null);
                    }
                } finally {
                    // the round ends whatever a read's answer did, or every later read would wait for it forever
                    onChunkAnswered();
                }
            });
        }
    }

    private void onChunkAnswered() {
        List<List<Read>> next = null;
        synchronized (lock) {
            outstanding--;
            if (outstanding == 0 && !waiting.isEmpty()) {
                next = takeWaiting();
            }
        }
        if (next != null) {
            send(next);
        }
    }
}
