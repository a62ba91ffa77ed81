package io.zkafka.broker.txn;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MarkerTransport} for unit tests: every partition is led by broker {@link #LEADER} unless
 * the test says otherwise; each request is recorded and answered at once, every partition NONE
 * except those the test queued an error for (used once each), or held after {@link #hold()} until
 * the test answers it. Confined to the test's thread.
 */
final class FakeMarkerTransport implements MarkerTransport {
    static final int LEADER = 2;

    /** One request sent: to which broker, and its answer. */
    record Sent(int brokerId, WriteTxnMarkersRequest request, CompletableFuture<WriteTxnMarkersResponse> answer) {
        WriteTxnMarkersRequest.TxnMarker marker() {
            return request.markers().get(0);
        }
    }

    private final Map<TopicPartition, Integer> leaders = new HashMap<>();
    private final Map<TopicPartition, Deque<Errors>> queuedErrors = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final Deque<Sent> held = new ArrayDeque<>();
    private boolean holding;

    void setLeader(TopicPartition tp, int leader) {
        leaders.put(tp, leader);
    }

    /** The next marker write to {@code tp} fails with {@code error}. */
    void failNext(TopicPartition tp, Errors error) {
        queuedErrors.computeIfAbsent(tp, p -> new ArrayDeque<>()).add(error);
    }

    void hold() {
        holding = true;
    }

    /** Answers the held requests as {@link #answer} would have, and stops holding. */
    void releaseAll() {
        holding = false;
        while (!held.isEmpty()) {
            Sent request = held.poll();
            request.answer().complete(answer(request.request()));
        }
    }

    @Override
    public int leaderOf(TopicPartition tp) {
        return leaders.getOrDefault(tp, LEADER);
    }

    @Override
    public CompletableFuture<WriteTxnMarkersResponse> send(int brokerId, WriteTxnMarkersRequest request) {
        Sent request1 = new Sent(brokerId, request, new CompletableFuture<>());
        sent.add(request1);
        if (holding) {
            held.add(request1);
        } else {
            request1.answer().complete(answer(request));
        }
        return request1.answer();
    }

    private WriteTxnMarkersResponse answer(WriteTxnMarkersRequest request) {
        List<WriteTxnMarkersResponse.MarkerResult> results = new ArrayList<>();
        for (WriteTxnMarkersRequest.TxnMarker marker : request.markers()) {
            List<WriteTxnMarkersResponse.PartitionError> errors = new ArrayList<>();
            for (TopicPartition tp : marker.partitions()) {
                Deque<Errors> queued = queuedErrors.get(tp);
                Errors error = queued == null || queued.isEmpty() ? Errors.NONE : queued.poll();
                errors.add(new WriteTxnMarkersResponse.PartitionError(tp, error));
            }
            results.add(new WriteTxnMarkersResponse.MarkerResult(marker.producerId(), errors));
        }
        return new WriteTxnMarkersResponse(results);
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The partitions that got a marker written (answered NONE), in order. */
    List<TopicPartition> written() {
        List<TopicPartition> written = new ArrayList<>();
        for (Sent request : sent) {
            WriteTxnMarkersResponse answer = request.answer().getNow(null);
            if (answer != null) {
                answer.markers().forEach(m -> m.partitions().stream().filter(p -> p.error() == Errors.NONE)
                    .forEach(p -> written.add(p.partition())));
            }
        }
        return written;
    }
}
