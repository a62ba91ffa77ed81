package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.admin.internals.WholeResponseCall;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AccessControlEntryFilter;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.AclBindingData;
import io.zkafka.common.message.CreateAclsRequest;
import io.zkafka.common.message.CreateAclsResponse;
import io.zkafka.common.message.DeleteAclsRequest;
import io.zkafka.common.message.DeleteAclsResponse;
import io.zkafka.common.message.DescribeAclsRequest;
import io.zkafka.common.message.DescribeAclsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourcePatternFilter;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The admin client's ACL calls: CreateAcls, DescribeAcls and DeleteAcls, each one request to any
 * broker (every broker answers from the same ZooKeeper state). Thread-safe: the calls run on the
 * admin client's I/O thread.
 */
final class AclAdmin {
    private final AdminCallRunner runner;
    private final Function<Cluster, String> anyBroker;
    private final LongSupplier deadline;

    AclAdmin(AdminCallRunner runner, Function<Cluster, String> anyBroker, LongSupplier deadline) {
        this.runner = runner;
        this.anyBroker = anyBroker;
        this.deadline = deadline;
    }

    CreateAclsResult create(Collection<AclBinding> bindings) {
        List<AclBinding> ordered = List.copyOf(bindings);
        Map<AclBinding, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        ordered.forEach(b -> futures.put(b, new CompletableFuture<>()));
        WholeResponseCall<CreateAclsResponse> call = new WholeResponseCall<>("createAcls",
            () -> new CreateAclsRequest(ordered.stream().map(AclAdmin::data).toList()), response -> null);
        runner.run(call, anyBroker, deadline.getAsLong());
        call.future().whenComplete((response, error) -> {
            for (int i = 0; i < ordered.size(); i++) {
                CompletableFuture<Void> future = futures.get(ordered.get(i));
                if (error != null) {
                    future.completeExceptionally(error);
                } else if (i >= response.results().size()) {
                    future.completeExceptionally(new ApiException(Errors.UNKNOWN_SERVER_ERROR, "No result for " + ordered.get(i)));
                } else if (response.results().get(i).error() != Errors.NONE) {
                    CreateAclsResponse.Result result = response.results().get(i);
                    future.completeExceptionally(ApiException.forError(result.error(), result.errorMessage()));
                } else {
                    future.complete(null);
                }
            }
        });
        return new CreateAclsResult(futures);
    }

    DescribeAclsResult describe(AclBindingFilter filter) {
        WholeResponseCall<DescribeAclsResponse> call = new WholeResponseCall<>("describeAcls",
            () -> new DescribeAclsRequest(data(filter)), response -> null);
        runner.run(call, anyBroker, deadline.getAsLong());
        return new DescribeAclsResult(call.future().thenApply(response -> {
            if (response.error() != Errors.NONE) {
                throw ApiException.forError(response.error(), response.errorMessage());
            }
            return bindings(response.bindings());
        }));
    }

    DeleteAclsResult delete(Collection<AclBindingFilter> filters) {
        List<AclBindingFilter> ordered = List.copyOf(filters);
        Map<AclBindingFilter, CompletableFuture<Collection<AclBinding>>> futures = new LinkedHashMap<>();
        ordered.forEach(f -> futures.put(f, new CompletableFuture<>()));
        WholeResponseCall<DeleteAclsResponse> call = new WholeResponseCall<>("deleteAcls",
            () -> new DeleteAclsRequest(ordered.stream().map(AclAdmin::data).toList()), response -> null);
        runner.run(call, anyBroker, deadline.getAsLong());
        call.future().whenComplete((response, error) -> {
            for (int i = 0; i < ordered.size(); i++) {
                CompletableFuture<Collection<AclBinding>> future = futures.get(ordered.get(i));
                if (error != null) {
                    future.completeExceptionally(error);
                } else if (i >= response.results().size()) {
                    future.completeExceptionally(new ApiException(Errors.UNKNOWN_SERVER_ERROR, "No result for " + ordered.get(i)));
                } else if (response.results().get(i).error() != Errors.NONE) {
                    DeleteAclsResponse.FilterResult result = response.results().get(i);
                    future.completeExceptionally(ApiException.forError(result.error(), result.errorMessage()));
                } else {
                    future.complete(bindings(response.results().get(i).deleted()));
                }
            }
        });
        return new DeleteAclsResult(futures);
    }

    private static List<AclBinding> bindings(List<AclBindingData> data) {
        List<AclBinding> out = new ArrayList<>(data.size());
        for (AclBindingData d : data) {
            out.add(new AclBinding(new ResourcePattern(ResourceType.fromCode(d.resourceType()), d.resourceName(),
                PatternType.fromCode(d.patternType())), new AccessControlEntry(d.principal(), d.host(),
                AclOperation.fromCode(d.operation()), AclPermissionType.fromCode(d.permissionType()))));
        }
        return out;
    }

    private static AclBindingData data(AclBinding binding) {
        ResourcePattern p = binding.pattern();
        AccessControlEntry e = binding.entry();
        return new AclBindingData(p.resourceType().code(), p.name(), p.patternType().code(), e.principal(), e.host(),
            e.operation().code(), e.permissionType().code());
    }

    private static AclBindingData data(AclBindingFilter filter) {
        ResourcePatternFilter p = filter.patternFilter();
        AccessControlEntryFilter e = filter.entryFilter();
        return new AclBindingData(p.resourceType().code(), p.name(), p.patternType().code(), e.principal(), e.host(),
            e.operation().code(), e.permissionType().code());
    }
}
