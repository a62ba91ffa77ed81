package io.zkafka.clients.admin;

import io.zkafka.common.acl.AclBinding;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/** The outcome of {@link Admin#describeAcls}: the stored bindings the filter matched. */
public class DescribeAclsResult {
    private final CompletableFuture<Collection<AclBinding>> future;

    public DescribeAclsResult(CompletableFuture<Collection<AclBinding>> future) {
        this.future = future;
    }

    public CompletableFuture<Collection<AclBinding>> values() {
        return future;
    }
}
