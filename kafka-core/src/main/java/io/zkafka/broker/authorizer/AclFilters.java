package io.zkafka.broker.authorizer;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourceType;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What makes a binding impossible to store, in words for the caller. Stateless. */
final class AclFilters {
    private AclFilters() {
    }

    /** Null when {@code binding} can be stored, else why not. */
    static String invalidReason(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        AccessControlEntry entry = binding.entry();
        if (!pattern.isConcrete()) {
            return "The resource pattern must name a type (Topic, Group, Cluster, TransactionalId), a non-empty name and "
                + "LITERAL or PREFIXED, got " + pattern;
        }
        if (pattern.name().indexOf('/') >= 0) {
            return "A resource name in an ACL cannot contain '/', got '" + pattern.name() + "'";
        }
        if (pattern.resourceType() == ResourceType.CLUSTER && !pattern.name().equals(ResourceType.CLUSTER_NAME)) {
            return "The cluster resource is named " + ResourceType.CLUSTER_NAME + ", got '" + pattern.name() + "'";
        }
        if (!entry.isConcrete()) {
            return "The entry must name a principal Type:name, a host, an operation and ALLOW or DENY, got " + entry;
        }
        if (!entry.host().equals(AccessControlEntry.WILDCARD_HOST) && !isIpAddress(entry.host())) {
            return "The host must be * or an IP address, got '" + entry.host() + "'";
        }
        return null;
    }

    private static boolean isIpAddress(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // literal addresses only: no lookup happens for them
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
