package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AclBindingData;
import io.zkafka.common.message.CreateAclsRequest;
import io.zkafka.common.message.CreateAclsResponse;
import io.zkafka.common.message.DeleteAclsRequest;
import io.zkafka.common.message.DeleteAclsResponse;
import io.zkafka.common.message.DescribeAclsRequest;
import io.zkafka.common.message.DescribeAclsResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;

/**
 * CreateAcls, DescribeAcls and DeleteAcls (versions 1 to 3: from 1 on every binding and filter names
 * its pattern type). The codes of resource types, pattern types, operations and permissions are
 * Kafka's on both sides and pass through unchanged; the native answer's flat bindings are grouped
 * per resource pattern as DescribeAcls answers them.
 */
final class AclApis {
    private AclApis() {
    }

    static final class CreateAclsApi implements KafkaApi {
        @Override
        public CompletableFuture<CreateAclsResponseData> handle(KafkaExchange exchange) {
            return exchange.<CreateAclsResponse>call(toNative((CreateAclsRequestData) exchange.body()), 0)
                .thenApply(AclApis::toKafka);
        }
    }

    static CreateAclsRequest toNative(CreateAclsRequestData request) {
        return new CreateAclsRequest(request.creations().stream().map(c -> new AclBindingData(c.resourceType(),
            c.resourceName(), c.resourcePatternType(), c.principal(), c.host(), c.operation(), c.permissionType()))
            .toList());
    }

    static CreateAclsResponseData toKafka(CreateAclsResponse answer) {
        CreateAclsResponseData out = new CreateAclsResponseData();
        for (CreateAclsResponse.Result result : answer.results()) {
            out.results().add(new CreateAclsResponseData.AclCreationResult()
                .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage()));
        }
        return out;
    }

    static final class DescribeAclsApi implements KafkaApi {
        @Override
        public CompletableFuture<DescribeAclsResponseData> handle(KafkaExchange exchange) {
            return exchange.<DescribeAclsResponse>call(toNative((DescribeAclsRequestData) exchange.body()), 0)
                .thenApply(AclApis::toKafka);
        }
    }

    static DescribeAclsRequest toNative(DescribeAclsRequestData r) {
        return new DescribeAclsRequest(new AclBindingData(r.resourceTypeFilter(), r.resourceNameFilter(),
            r.patternTypeFilter(), r.principalFilter(), r.hostFilter(), r.operation(), r.permissionType()));
    }

    static DescribeAclsResponseData toKafka(DescribeAclsResponse answer) {
        DescribeAclsResponseData out = new DescribeAclsResponseData().setErrorCode(answer.error().code())
            .setErrorMessage(answer.errorMessage());
        Map<List<Object>, DescribeAclsResponseData.DescribeAclsResource> resources = new LinkedHashMap<>();
        for (AclBindingData b : answer.bindings()) {
            resources.computeIfAbsent(List.of(b.resourceType(), b.resourceName(), b.patternType()),
                key -> new DescribeAclsResponseData.DescribeAclsResource().setResourceType(b.resourceType())
                    .setResourceName(b.resourceName()).setPatternType(b.patternType()))
                .acls().add(new DescribeAclsResponseData.AclDescription().setPrincipal(b.principal()).setHost(b.host())
                    .setOperation(b.operation()).setPermissionType(b.permissionType()));
        }
        out.resources().addAll(resources.values());
        return out;
    }

    static final class DeleteAclsApi implements KafkaApi {
        @Override
        public CompletableFuture<DeleteAclsResponseData> handle(KafkaExchange exchange) {
            return exchange.<DeleteAclsResponse>call(toNative((DeleteAclsRequestData) exchange.body()), 0)
                .thenApply(AclApis::toKafka);
        }
    }

    static DeleteAclsRequest toNative(DeleteAclsRequestData request) {
        return new DeleteAclsRequest(request.filters().stream().map(f -> new AclBindingData(f.resourceTypeFilter(),
            f.resourceNameFilter(), f.patternTypeFilter(), f.principalFilter(), f.hostFilter(), f.operation(),
            f.permissionType())).toList());
    }

    static DeleteAclsResponseData toKafka(DeleteAclsResponse answer) {
        DeleteAclsResponseData out = new DeleteAclsResponseData();
        for (DeleteAclsResponse.FilterResult result : answer.results()) {
            DeleteAclsResponseData.DeleteAclsFilterResult filterResult = new DeleteAclsResponseData
                .DeleteAclsFilterResult().setErrorCode(result.error().code()).setErrorMessage(result.errorMessage());
            for (AclBindingData b : result.deleted()) {
                filterResult.matchingAcls().add(new DeleteAclsResponseData.DeleteAclsMatchingAcl()
                    .setResourceType(b.resourceType()).setResourceName(b.resourceName())
                    .setPatternType(b.patternType()).setPrincipal(b.principal()).setHost(b.host())
                    .setOperation(b.operation()).setPermissionType(b.permissionType()));
            }
            out.filterResults().add(filterResult);
        }
        return out;
    }
}
