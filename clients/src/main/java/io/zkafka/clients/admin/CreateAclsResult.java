package io.zkafka.clients.admin;

import io.zkafka.common.acl.AclBinding;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The outcome of {@link Admin#createAcls}: one future per binding, failed with the broker's error. */
public class CreateAclsResult {
    private final Map<AclBinding, CompletableFuture<Void>> futures;

    public CreateAclsResult(Map<AclBinding, CompletableFuture<Void>> futures) {
        this.futures = futures;
    }

    public Map<AclBinding, CompletableFuture<Void>> values() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new));
    }
}
