package io.zkafka.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.zkafka.common.message.MessageRoundTrip.bytes;
import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ProtocolRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The group administration messages survive the codec with each field intact, under Kafka's api keys. */
class GroupAdminMessagesRoundTripTest {
    @Test
    void shouldUseKafkasApiKeysAndBeBound() {
        assertEquals(15, ApiKeys.DESCRIBE_GROUPS.id);
        assertEquals(16, ApiKeys.LIST_GROUPS.id);
        assertEquals(42, ApiKeys.DELETE_GROUPS.id);
        assertEquals(47, ApiKeys.OFFSET_DELETE.id);
        assertEquals(86, Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
        assertEquals(ApiKeys.LIST_GROUPS, ApiKeys.forId(16));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DESCRIBE_GROUPS));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.LIST_GROUPS));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.DELETE_GROUPS));
        assertTrue(ProtocolRegistry.isBound(ApiKeys.OFFSET_DELETE));
    }

    @Test
    void shouldRoundTripListGroupsWithAndWithoutStatesFilter() {
        ListGroupsRequest all = new ListGroupsRequest(null);
        assertEquals(all, request(all));
        ListGroupsRequest stable = new ListGroupsRequest(List.of("Stable", "Empty"));
        assertEquals(stable, request(stable));
        ListGroupsResponse listed = new ListGroupsResponse(Errors.NONE, List.of(
            new ListGroupsResponse.ListedGroup("g1", "consumer", "Stable"),
            new ListGroupsResponse.ListedGroup("g2", "", "Empty")));
        assertEquals(listed, response(listed));
        ListGroupsResponse loading = new ListGroupsResponse(Errors.COORDINATOR_LOAD_IN_PROGRESS, List.of());
        assertEquals(loading, response(loading));
    }

    @Test
    void shouldRoundTripDescribeGroupsWithMemberBytes() {
        DescribeGroupsRequest request = new DescribeGroupsRequest(List.of("g1", "g2"));
        assertEquals(request, request(request));
        DescribeGroupsResponse response = new DescribeGroupsResponse(List.of(
            new DescribeGroupsResponse.DescribedGroup(Errors.NONE, "g1", "Stable", "consumer", "range", List.of(
                new DescribeGroupsResponse.DescribedMember("m-1", null, "client-1", "/127.0.0.1", bytes("sub"),
                    bytes("assigned")),
                new DescribeGroupsResponse.DescribedMember("m-2", "instance-2", "client-2", "/127.0.0.2", bytes(""),
                    bytes("")))),
            DescribeGroupsResponse.DescribedGroup.error("g2", Errors.NOT_COORDINATOR)));
        DescribeGroupsResponse back = response(response);
        DescribeGroupsResponse.DescribedGroup g1 = back.groups().get(0);
        assertEquals(List.of(Errors.NONE, "g1", "Stable", "consumer", "range"),
            List.of(g1.error(), g1.groupId(), g1.groupState(), g1.protocolType(), g1.protocol()));
        DescribeGroupsResponse.DescribedMember m1 = g1.members().get(0);
        assertEquals(List.of("m-1", "client-1", "/127.0.0.1"), List.of(m1.memberId(), m1.clientId(), m1.clientHost()));
        assertNull(m1.groupInstanceId());
        assertArrayEquals(bytes("sub"), m1.metadata());
        assertArrayEquals(bytes("assigned"), m1.assignment());
        assertEquals("instance-2", g1.members().get(1).groupInstanceId());
        assertEquals(response.groups().get(1), back.groups().get(1));
    }

    @Test
    void shouldRoundTripDeleteGroupsWithPerGroupErrors() {
        DeleteGroupsRequest request = new DeleteGroupsRequest(List.of("g1", "g2", "g3"));
        assertEquals(request, request(request));
        DeleteGroupsResponse response = new DeleteGroupsResponse(List.of(
            new DeleteGroupsResponse.GroupResult("g1", Errors.NONE),
            new DeleteGroupsResponse.GroupResult("g2", Errors.NON_EMPTY_GROUP),
            new DeleteGroupsResponse.GroupResult("g3", Errors.GROUP_ID_NOT_FOUND)));
        assertEquals(response, response(response));
    }

    @Test
    void shouldRoundTripOffsetDeleteWithPerPartitionErrors() {
        OffsetDeleteRequest request = new OffsetDeleteRequest("g1", List.of(new OffsetDeleteRequest.Topic("orders",
            List.of(0, 2)), new OffsetDeleteRequest.Topic("audit", List.of(1))));
        assertEquals(request, request(request));
        OffsetDeleteResponse response = new OffsetDeleteResponse(Errors.NONE, List.of(new OffsetDeleteResponse.Topic(
            "orders", List.of(new OffsetDeleteResponse.Partition(0, Errors.NONE),
                new OffsetDeleteResponse.Partition(2, Errors.GROUP_SUBSCRIBED_TO_TOPIC)))));
        assertEquals(response, response(response));
        OffsetDeleteResponse missing = new OffsetDeleteResponse(Errors.GROUP_ID_NOT_FOUND, List.of());
        assertEquals(missing, response(missing));
    }
}
