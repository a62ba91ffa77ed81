package io.zkafka.broker.authorizer;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every ACL in memory, and the decision: for a resource, the entries of its literal name, of the
 * literal {@code *} and of every prefix pattern it starts with; no entry at all means
 * {@code allowEveryoneIfNoAcl}; else a matching DENY refuses, whatever allows; else a matching ALLOW
 * (with Kafka's implications, {@link AclOperation#allows}) permits. An entry matches when its
 * principal is the caller's or {@code User:*}, and its host is the caller's address or {@code *}.
 *
 * <p>Thread-safe: readers take the current immutable snapshot (one volatile read, no lock); writers
 * (the change watch's one thread, or a full reload) replace it under a private lock. A decision
 * allocates nothing unless an entry names a host.
 */
final class AclCache {
    /** One resource type's entries: literal names (including {@code *}) and prefixes, sorted. */
    private record TypeAcls(Map<String, List<AccessControlEntry>> literal,
                            NavigableMap<String, List<AccessControlEntry>> prefixed) {
        static final TypeAcls EMPTY = new TypeAcls(Map.of(), new TreeMap<>());
    }

    private final Object lock = new Object();
    private volatile Map<ResourceType, TypeAcls> snapshot = new EnumMap<>(ResourceType.class);

    /** Replaces every ACL. */
    void replaceAll(Map<ResourcePattern, Set<AccessControlEntry>> all) {
        Map<ResourceType, TypeAcls> next = new EnumMap<>(ResourceType.class);
        synchronized (lock) {
            for (Map.Entry<ResourcePattern, Set<AccessControlEntry>> entry : all.entrySet()) {
                next = with(next, entry.getKey(), entry.getValue());
            }
            snapshot = next;
        }
    }

    /** Replaces one pattern's entries (none: the pattern goes). */
    void put(ResourcePattern pattern, Set<AccessControlEntry> entries) {
        synchronized (lock) {
            snapshot = with(snapshot, pattern, entries);
        }
    }

    private static Map<ResourceType, TypeAcls> with(Map<ResourceType, TypeAcls> base, ResourcePattern pattern,
                                                    Set<AccessControlEntry> entries) {
        TypeAcls old = base.getOrDefault(pattern.resourceType(), TypeAcls.EMPTY);
        Map<String, List<AccessControlEntry>> literal = new HashMap<>(old.literal());
        NavigableMap<String, List<AccessControlEntry>> prefixed = new TreeMap<>(old.prefixed());
        Map<String, List<AccessControlEntry>> target = pattern.patternType() == PatternType.PREFIXED ? prefixed : literal;
        if (entries.isEmpty()) {
            target.remove(pattern.name());
        } else {
            target.put(pattern.name(), List.copyOf(entries));
        }
        Map<ResourceType, TypeAcls> next = new EnumMap<>(ResourceType.class);
        next.putAll(base);
        next.put(pattern.resourceType(), new TypeAcls(Map.copyOf(literal), prefixed));
        return next;
    }

    /** Every stored pattern and its entries. */
    Map<ResourcePattern, List<AccessControlEntry>> all() {
        Map<ResourcePattern, List<AccessControlEntry>> out = new HashMap<>();
        snapshot.forEach((type, acls) -> {
            acls.literal().forEach((name, e) -> out.put(new ResourcePattern(type, name, PatternType.LITERAL), e));
            acls.prefixed().forEach((name, e) -> out.put(new ResourcePattern(type, name, PatternType.PREFIXED), e));
        });
        return out;
    }

    /**
     * The decision for {@code principal} at {@code clientAddress} (as the listener reports it, e.g.
     * {@code /127.0.0.1:53211}) doing {@code operation} on the resource {@code type}/{@code name}.
     */
    boolean authorize(KafkaPrincipal principal, String clientAddress, AclOperation operation, ResourceType type,
                      String name, boolean allowEveryoneIfNoAcl) {
        TypeAcls acls = snapshot.get(type);
        if (acls == null) {
            return allowEveryoneIfNoAcl;
        }
        Decision decision = new Decision(principal, clientAddress, operation);
        decision.consider(acls.literal().get(name));
        decision.consider(acls.literal().get(ResourcePattern.WILDCARD));
        if (!acls.prefixed().isEmpty() && !name.isEmpty()) {
            // every prefix of name sorts at or before it and starts with its first character
            for (Map.Entry<String, List<AccessControlEntry>> entry : acls.prefixed().headMap(name, true)
                    .descendingMap().entrySet()) {
                String prefix = entry.getKey();
                if (prefix.charAt(0) != name.charAt(0)) {
                    break;
                }
                if (name.startsWith(prefix)) {
                    decision.consider(entry.getValue());
                }
            }
        }
        if (!decision.anyEntry) {
            return allowEveryoneIfNoAcl;
        }
        return !decision.denied && decision.allowed;
    }

    /**
     * Whether some pattern of {@code type} allows the operation to the principal, unless a DENY on the
     * literal {@code *} takes it from every resource (a simpler rule than Kafka's, which also weighs
     * prefixed DENYs against prefixed ALLOWs); a type without any ACL follows {@code allowEveryoneIfNoAcl}.
     */
    boolean authorizeAny(KafkaPrincipal principal, String clientAddress, AclOperation operation, ResourceType type,
                         boolean allowEveryoneIfNoAcl) {
        TypeAcls acls = snapshot.get(type);
        if (acls == null || acls.literal().isEmpty() && acls.prefixed().isEmpty()) {
            return allowEveryoneIfNoAcl;
        }
        Decision wildcard = new Decision(principal, clientAddress, operation);
        wildcard.consider(acls.literal().get(ResourcePattern.WILDCARD));
        if (wildcard.denied) {
            return false;
        }
        Decision any = new Decision(principal, clientAddress, operation);
        for (List<AccessControlEntry> entries : acls.literal().values()) {
            any.considerAllows(entries);
        }
        for (List<AccessControlEntry> entries : acls.prefixed().values()) {
            any.considerAllows(entries);
        }
        return any.allowed;
    }

    /** The running result over the matching patterns' entries. */
    private static final class Decision {
        private final KafkaPrincipal principal;
        private final String clientAddress;
        private final AclOperation operation;
        private String principalText;
        private String clientHost;
        boolean anyEntry;
        boolean denied;
        boolean allowed;

        Decision(KafkaPrincipal principal, String clientAddress, AclOperation operation) {
            this.principal = principal;
            this.clientAddress = clientAddress;
            this.operation = operation;
        }

        void consider(List<AccessControlEntry> entries) {
            if (entries == null || entries.isEmpty()) {
                return;
            }
            anyEntry = true;
            for (AccessControlEntry entry : entries) {
                if (denied) {
                    return;
                }
                boolean relevant = entry.permissionType() == AclPermissionType.DENY
                    ? entry.operation().denies(operation) : !allowed && entry.operation().allows(operation);
                if (relevant && principalMatches(entry.principal()) && hostMatches(entry.host())) {
                    if (entry.permissionType() == AclPermissionType.DENY) {
                        denied = true;
                    } else {
                        allowed = true;
                    }
                }
            }
        }

        void considerAllows(List<AccessControlEntry> entries) {
            for (AccessControlEntry entry : entries) {
                if (!allowed && entry.permissionType() == AclPermissionType.ALLOW && entry.operation().allows(operation)
                        && principalMatches(entry.principal()) && hostMatches(entry.host())) {
                    allowed = true;
                }
            }
        }

        private boolean principalMatches(String entryPrincipal) {
            if (entryPrincipal.equals(AccessControlEntry.WILDCARD_PRINCIPAL)) {
                return true;
            }
            if (principalText == null) {
                principalText = principal.toString();
            }
            return entryPrincipal.equals(principalText);
        }

        private boolean hostMatches(String entryHost) {
            if (entryHost.equals(AccessControlEntry.WILDCARD_HOST)) {
                return true;
            }
            if (clientHost == null) {
                clientHost = hostOf(clientAddress);
            }
            return entryHost.equals(clientHost);
        }
    }

    /** The IP address in a listener's peer text: {@code /127.0.0.1:53211} and {@code name/10.0.0.1:1} give the IP. */
    static String hostOf(String address) {
        if (address == null) {
            return "";
        }
        int slash = address.indexOf('/');
        int colon = address.lastIndexOf(':');
        int start = slash + 1;
        int end = colon > start ? colon : address.length();
        String host = address.substring(start, end);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }
}
