package io.zkafka.clients.admin;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The groups of every broker. {@link #all()} fails if any broker could not be asked;
 * {@link #valid()} holds the listings of those that answered, {@link #errors()} the failures.
 */
public class ListConsumerGroupsResult {
    private final CompletableFuture<Collection<ConsumerGroupListing>> valid;
    private final CompletableFuture<Collection<Throwable>> errors;

    public ListConsumerGroupsResult(CompletableFuture<Collection<ConsumerGroupListing>> valid,
                                    CompletableFuture<Collection<Throwable>> errors) {
        this.valid = valid;
        this.errors = errors;
    }

    public CompletableFuture<Collection<ConsumerGroupListing>> all() {
        return valid.thenCombine(errors, (listings, failures) -> {
            if (!failures.isEmpty()) {
                Throwable first = failures.iterator().next();
                throw first instanceof RuntimeException runtime ? runtime : new IllegalStateException(first);
            }
            return List.copyOf(listings);
        });
    }

    public CompletableFuture<Collection<ConsumerGroupListing>> valid() {
        return valid;
    }

    public CompletableFuture<Collection<Throwable>> errors() {
        return errors;
    }
}
