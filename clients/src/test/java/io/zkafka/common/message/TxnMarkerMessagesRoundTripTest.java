package io.zkafka.common.message;

import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WriteTxnMarkers survives the codec with every field, under Kafka's api key. */
class TxnMarkerMessagesRoundTripTest {

    @Test
    void shouldUseKafkasApiKey() {
        assertEquals(27, ApiKeys.WRITE_TXN_MARKERS.id);
        assertTrue(ProtocolRegistry.isBound(ApiKeys.WRITE_TXN_MARKERS));
    }

    @Test
    void shouldRoundTripMarkersForSeveralProducers() {
        WriteTxnMarkersRequest markers = new WriteTxnMarkersRequest(List.of(
            new WriteTxnMarkersRequest.TxnMarker(7_000_001L, (short) 3, true, 12,
                List.of(new TopicPartition("orders", 0), new TopicPartition("__consumer_offsets", 17))),
            new WriteTxnMarkersRequest.TxnMarker(Long.MAX_VALUE - 1, Short.MAX_VALUE, false, 0, List.of())));
        assertEquals(markers, request(markers));
    }

    @Test
    void shouldRoundTripPerPartitionErrors() {
        WriteTxnMarkersResponse answer = new WriteTxnMarkersResponse(List.of(
            new WriteTxnMarkersResponse.MarkerResult(7_000_001L, List.of(
                new WriteTxnMarkersResponse.PartitionError(new TopicPartition("orders", 0), Errors.NONE),
                new WriteTxnMarkersResponse.PartitionError(new TopicPartition("orders", 1),
                    Errors.NOT_LEADER_OR_FOLLOWER)))));
        assertEquals(answer, response(answer));
    }
}
