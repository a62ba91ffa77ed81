package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkafka.common.message.AclBindingData;
import io.zkafka.common.message.CreateAclsRequest;
import io.zkafka.common.message.CreateAclsResponse;
import io.zkafka.common.message.DeleteAclsRequest;
import io.zkafka.common.message.DeleteAclsResponse;
import io.zkafka.common.message.DescribeAclsRequest;
import io.zkafka.common.message.DescribeAclsResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

/**
 * The ACL translators at every advertised version (1 to 3): requests written with Kafka's classes and
 * read back become the native requests with Kafka's codes unchanged; answers with PREFIXED patterns
 * and errors are writable and read back alike.
 */
class AclApisTest {
    private static final byte TOPIC = 2;
    private static final byte GROUP = 3;
    private static final byte LITERAL = 3;
    private static final byte PREFIXED = 4;
    private static final byte READ = 3;
    private static final byte ALLOW = 3;
    private static final byte DENY = 2;

    @Test
    void createAclsRoundTripsAtEveryVersion() {
        for (short v = 1; v <= 3; v++) {
            CreateAclsRequestData request = new CreateAclsRequestData().setCreations(List.of(
                new CreateAclsRequestData.AclCreation().setResourceType(TOPIC).setResourceName("t-")
                    .setResourcePatternType(PREFIXED).setPrincipal("User:alice").setHost("*").setOperation(READ)
                    .setPermissionType(ALLOW)));
            CreateAclsRequestData read = new CreateAclsRequestData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(request, v)), v);
            assertEquals(new CreateAclsRequest(List.of(new AclBindingData(TOPIC, "t-", PREFIXED, "User:alice", "*", READ,
                ALLOW))), AclApis.toNative(read), "version " + v);

            CreateAclsResponseData answer = AclApis.toKafka(new CreateAclsResponse(List.of(
                new CreateAclsResponse.Result(Errors.NONE, null),
                new CreateAclsResponse.Result(Errors.CLUSTER_AUTHORIZATION_FAILED, "no"))));
            CreateAclsResponseData back = new CreateAclsResponseData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(answer, v)), v);
            assertEquals(0, back.results().get(0).errorCode());
            assertEquals(31, back.results().get(1).errorCode());
            assertEquals("no", back.results().get(1).errorMessage());
        }
    }

    @Test
    void describeAclsGroupsBindingsPerPatternAtEveryVersion() {
        for (short v = 1; v <= 3; v++) {
            DescribeAclsRequestData request = new DescribeAclsRequestData().setResourceTypeFilter((byte) 1)
                .setResourceNameFilter(null).setPatternTypeFilter((byte) 1).setPrincipalFilter("User:bob")
                .setHostFilter(null).setOperation((byte) 1).setPermissionType((byte) 1);
            DescribeAclsRequestData read = new DescribeAclsRequestData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(request, v)), v);
            assertEquals(new DescribeAclsRequest(new AclBindingData((byte) 1, null, (byte) 1, "User:bob", null, (byte) 1,
                (byte) 1)), AclApis.toNative(read), "version " + v);

            DescribeAclsResponseData answer = AclApis.toKafka(new DescribeAclsResponse(Errors.NONE, null, List.of(
                new AclBindingData(TOPIC, "t-", PREFIXED, "User:bob", "*", READ, ALLOW),
                new AclBindingData(GROUP, "g", LITERAL, "User:bob", "10.0.0.1", READ, DENY),
                new AclBindingData(TOPIC, "t-", PREFIXED, "User:bob", "*", (byte) 8, ALLOW))));
            DescribeAclsResponseData back = new DescribeAclsResponseData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(answer, v)), v);
            assertEquals(2, back.resources().size(), "two patterns");
            assertEquals(PREFIXED, back.resources().get(0).patternType());
            assertEquals(2, back.resources().get(0).acls().size());
            assertEquals("10.0.0.1", back.resources().get(1).acls().get(0).host());

            DescribeAclsResponseData refused = AclApis.toKafka(new DescribeAclsResponse(Errors.SECURITY_DISABLED,
                "no authorizer", List.of()));
            DescribeAclsResponseData refusedBack = new DescribeAclsResponseData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(refused, v)), v);
            assertEquals(54, refusedBack.errorCode());
        }
    }

    @Test
    void deleteAclsReportsTheRemovedBindingsPerFilterAtEveryVersion() {
        for (short v = 1; v <= 3; v++) {
            DeleteAclsRequestData request = new DeleteAclsRequestData().setFilters(List.of(
                new DeleteAclsRequestData.DeleteAclsFilter().setResourceTypeFilter(TOPIC).setResourceNameFilter("t")
                    .setPatternTypeFilter((byte) 2).setPrincipalFilter(null).setHostFilter(null).setOperation((byte) 1)
                    .setPermissionType((byte) 1)));
            DeleteAclsRequestData read = new DeleteAclsRequestData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(request, v)), v);
            DeleteAclsRequest nativeRequest = AclApis.toNative(read);
            assertEquals(new AclBindingData(TOPIC, "t", (byte) 2, null, null, (byte) 1, (byte) 1),
                nativeRequest.filters().get(0), "version " + v);
            assertNull(nativeRequest.filters().get(0).principal());

            DeleteAclsResponseData answer = AclApis.toKafka(new DeleteAclsResponse(List.of(
                new DeleteAclsResponse.FilterResult(Errors.NONE, null, List.of(
                    new AclBindingData(TOPIC, "t", LITERAL, "User:bob", "*", READ, ALLOW))),
                new DeleteAclsResponse.FilterResult(Errors.INVALID_REQUEST, "bad", List.of()))));
            DeleteAclsResponseData back = new DeleteAclsResponseData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(answer, v)), v);
            assertEquals("User:bob", back.filterResults().get(0).matchingAcls().get(0).principal());
            assertEquals(42, back.filterResults().get(1).errorCode());
        }
    }
}
