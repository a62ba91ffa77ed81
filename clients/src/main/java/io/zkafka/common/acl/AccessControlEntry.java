package io.zkafka.common.acl;

import java.util.Objects;

/**
 * Who may (ALLOW) or may not (DENY) do an operation, from which host: {@code principal} is
 * {@code Type:name} ({@code User:*} for every user), {@code host} an IP address or {@code *}. Immutable.
 */
public record AccessControlEntry(String principal, String host, AclOperation operation, AclPermissionType permissionType) {
    public static final String WILDCARD_HOST = "*";
    public static final String WILDCARD_PRINCIPAL = "User:*";

    public AccessControlEntry {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permissionType, "permissionType");
    }

    /** Whether this entry can be stored: no ANY in it, a principal of the form Type:name. */
    public boolean isConcrete() {
        return operation != AclOperation.ANY && permissionType != AclPermissionType.ANY
            && principal.indexOf(':') > 0 && !host.isEmpty();
    }

    @Override
    public String toString() {
        return "(principal=" + principal + ", host=" + host + ", operation=" + operation + ", permissionType="
            + permissionType + ")";
    }
}
