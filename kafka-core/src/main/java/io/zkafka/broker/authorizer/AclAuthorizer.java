package io.zkafka.broker.authorizer;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.coordination.AclChangeWatch;
import io.zkafka.coordination.AclEntry;
import io.zkafka.coordination.AclResource;
import io.zkafka.coordination.AclStore;
import io.zkafka.coordination.CoordinationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's ACL authorizer over ZooKeeper: the ACLs of {@link AclStore} held in an {@link AclCache},
 * kept current by the change notices (every broker reads a changed resource again as soon as its
 * notice arrives, and everything again after a reconnect); super users are allowed everything. The
 * admin calls ({@link #createAcls}, {@link #describeAcls}, {@link #deleteAcls}) read and write the
 * store itself, so every broker, this one included, follows, and an admin sees its own writes
 * whichever broker it asks.
 *
 * <p>Thread-safe. Decisions are answered from memory by the calling thread; the notices are applied
 * on one thread of its own ({@code zkafka-acl-changes}). Lifecycle: {@link #start()} reads every ACL
 * before it returns, {@link #close()} stops following.
 */
public final class AclAuthorizer implements Authorizer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AclAuthorizer.class);

    private final AclStore store;
    private final Set<KafkaPrincipal> superUsers;
    private final boolean allowEveryoneIfNoAcl;
    private final AclCache cache = new AclCache();
    private final ExecutorService changes = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "zkafka-acl-changes");
        thread.setDaemon(true);
        return thread;
    });
    private AclChangeWatch watch;

    public AclAuthorizer(AclStore store, Set<KafkaPrincipal> superUsers, boolean allowEveryoneIfNoAcl) {
        this.store = store;
        this.superUsers = Set.copyOf(superUsers);
        this.allowEveryoneIfNoAcl = allowEveryoneIfNoAcl;
    }

    /** Reads every ACL, then follows the change notices. */
    public void start() {
        reloadAll();
        watch = store.newChangeWatch(this::reload, this::reloadAllQuietly, changes);
        watch.start();
        log.info("ACL authorizer started: {} resource patterns, super users {}, allow.everyone.if.no.acl.found={}",
            cache.all().size(), superUsers, allowEveryoneIfNoAcl);
    }

    @Override
    public boolean authorize(KafkaPrincipal principal, String clientAddress, AclOperation operation, ResourceType type,
                             String name) {
        return superUsers.contains(principal)
            || cache.authorize(principal, clientAddress, operation, type, name, allowEveryoneIfNoAcl);
    }

    @Override
    public boolean authorizeAny(KafkaPrincipal principal, String clientAddress, AclOperation operation,
                                ResourceType type) {
        return superUsers.contains(principal)
            || cache.authorizeAny(principal, clientAddress, operation, type, allowEveryoneIfNoAcl);
    }

    /**
     * Adds each binding (already there: nothing changes).
     *
     * @return per binding, null when added, else why not
     */
    public List<String> createAcls(List<AclBinding> bindings) {
        List<String> results = new ArrayList<>(bindings.size());
        for (AclBinding binding : bindings) {
            String invalid = AclFilters.invalidReason(binding);
            if (invalid != null) {
                results.add(invalid);
                continue;
            }
            try {
                AclEntry added = toStored(binding.entry());
                AclResource resource = toStored(binding.pattern());
                Set<AclEntry> now = store.update(resource, entries -> {
                    entries.add(added);
                    return entries;
                });
                cache.put(binding.pattern(), fromStored(now));
                results.add(null);
            } catch (CoordinationException e) {
                results.add("Could not store the ACL: " + e.getMessage());
            }
        }
        return results;
    }

    /**
     * Every stored binding that {@code filter} matches, read from ZooKeeper rather than this broker's
     * cache, so a binding just created through another broker is seen (an admin call; it blocks).
     */
    public List<AclBinding> describeAcls(AclBindingFilter filter) {
        List<AclBinding> out = new ArrayList<>();
        Map<ResourcePattern, Set<AccessControlEntry>> stored = new HashMap<>();
        store.readAll().forEach((resource, entries) -> {
            try {
                stored.put(fromStored(resource), fromStored(entries));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring ACLs for {}: {}", resource, e.getMessage());
            }
        });
        stored.forEach((pattern, entries) -> {
            if (filter.patternFilter().matches(pattern)) {
                for (AccessControlEntry entry : entries) {
                    if (filter.entryFilter().matches(entry)) {
                        out.add(new AclBinding(pattern, entry));
                    }
                }
            }
        });
        return out;
    }

    /** Removes, per filter, every binding it matches; returns them per filter. */
    public List<List<AclBinding>> deleteAcls(List<AclBindingFilter> filters) {
        List<List<AclBinding>> results = new ArrayList<>(filters.size());
        for (AclBindingFilter filter : filters) {
            List<AclBinding> deleted = new ArrayList<>();
            Map<ResourcePattern, List<AccessControlEntry>> candidates = new HashMap<>();
            for (AclBinding binding : describeAcls(filter)) {
                candidates.computeIfAbsent(binding.pattern(), p -> new ArrayList<>()).add(binding.entry());
            }
            candidates.forEach((pattern, entries) -> {
                Set<AclEntry> removed = new LinkedHashSet<>();
                entries.forEach(e -> removed.add(toStored(e)));
                List<AclBinding> removedHere = new ArrayList<>();
                Set<AclEntry> now = store.update(toStored(pattern), current -> {
                    removedHere.clear(); // applied again after a lost race: only the last application counts
                    current.stream().filter(removed::contains).map(AclAuthorizer::fromStored)
                        .forEach(e -> removedHere.add(new AclBinding(pattern, e)));
                    current.removeAll(removed);
                    return current;
                });
                deleted.addAll(removedHere);
                cache.put(pattern, fromStored(now));
            });
            results.add(deleted);
        }
        return results;
    }

    private void reload(AclResource resource) {
        try {
            ResourcePattern pattern = fromStored(resource);
            cache.put(pattern, fromStored(store.read(resource)));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring ACLs for {}: {}", resource, e.getMessage());
        } catch (CoordinationException e) {
            log.warn("Could not read the changed ACLs of {} ({}); reading every ACL again", resource, e.getMessage());
            reloadAllQuietly();
        }
    }

    private void reloadAll() {
        Map<ResourcePattern, Set<AccessControlEntry>> all = new HashMap<>();
        store.readAll().forEach((resource, entries) -> {
            try {
                all.put(fromStored(resource), fromStored(entries));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring ACLs for {}: {}", resource, e.getMessage());
            }
        });
        cache.replaceAll(all);
    }

    private void reloadAllQuietly() {
        try {
            reloadAll();
        } catch (CoordinationException e) {
            log.warn("Could not read the ACLs again: {}; the next notice or reconnect tries again", e.getMessage());
        }
    }

    static AclResource toStored(ResourcePattern pattern) {
        return new AclResource(pattern.patternType() == PatternType.PREFIXED, pattern.resourceType().displayName(),
            pattern.name());
    }

    static ResourcePattern fromStored(AclResource resource) {
        ResourceType type = ResourceType.parse(resource.resourceType());
        if (type == ResourceType.ANY) {
            throw new IllegalArgumentException("resource type Any is not stored");
        }
        return new ResourcePattern(type, resource.name(), resource.prefixed() ? PatternType.PREFIXED : PatternType.LITERAL);
    }

    static AclEntry toStored(AccessControlEntry entry) {
        return new AclEntry(entry.principal(), entry.permissionType().displayName(), entry.operation().displayName(),
            entry.host());
    }

    static AccessControlEntry fromStored(AclEntry entry) {
        return new AccessControlEntry(entry.principal(), entry.host(), AclOperation.parse(entry.operation()),
            AclPermissionType.parse(entry.permissionType()));
    }

    private static Set<AccessControlEntry> fromStored(Set<AclEntry> entries) {
        Set<AccessControlEntry> out = new LinkedHashSet<>();
        for (AclEntry entry : entries) {
            try {
                out.add(fromStored(entry));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring an ACL entry {}: {}", entry, e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        changes.shutdownNow();
        try {
            changes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
