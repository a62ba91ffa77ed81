package io.zkafka.clients.admin;

import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link Admin#deleteAcls}: per filter, the bindings it removed (Kafka nests these in
 * FilterResults; here each filter's future holds its removed bindings directly).
 */
public class DeleteAclsResult {
    private final Map<AclBindingFilter, CompletableFuture<Collection<AclBinding>>> futures;

    public DeleteAclsResult(Map<AclBindingFilter, CompletableFuture<Collection<AclBinding>>> futures) {
        this.futures = futures;
    }

    public Map<AclBindingFilter, CompletableFuture<Collection<AclBinding>>> values() {
        return futures;
    }

    /** Every removed binding, once every filter is done; fails with the first filter's failure. */
    public CompletableFuture<Collection<AclBinding>> all() {
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<AclBinding> all = new ArrayList<>();
            futures.values().forEach(f -> all.addAll(f.join()));
            return all;
        });
    }
}
