package io.zkafka.clients.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The transactions every broker coordinates. {@link #all()} fails if any broker could not be
 * asked; {@link #byBrokerId()} gives each broker's answer on its own.
 */
public class ListTransactionsResult {
    private final CompletableFuture<Map<Integer, CompletableFuture<Collection<TransactionListing>>>> byBroker;

    public ListTransactionsResult(
            CompletableFuture<Map<Integer, CompletableFuture<Collection<TransactionListing>>>> byBroker) {
        this.byBroker = byBroker;
    }

    /** Every broker's listings, or the first failure. */
    public CompletableFuture<Collection<TransactionListing>> all() {
        return allByBrokerId().thenApply(map -> {
            List<TransactionListing> listings = new ArrayList<>();
            map.values().forEach(listings::addAll);
            return listings;
        });
    }

    /** Per broker id, the future of that broker's listings (fails when the brokers could not be found). */
    public CompletableFuture<Map<Integer, CompletableFuture<Collection<TransactionListing>>>> byBrokerId() {
        return byBroker;
    }

    /** Per broker id, its listings, or the first failure. */
    public CompletableFuture<Map<Integer, Collection<TransactionListing>>> allByBrokerId() {
        return byBroker.thenCompose(map -> CompletableFuture.allOf(map.values().toArray(new CompletableFuture<?>[0]))
            .thenApply(done -> {
                Map<Integer, Collection<TransactionListing>> out = new TreeMap<>();
                map.forEach((broker, future) -> out.put(broker, future.join()));
                return out;
            }));
    }
}
