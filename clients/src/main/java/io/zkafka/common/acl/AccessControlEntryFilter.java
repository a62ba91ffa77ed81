package io.zkafka.common.acl;

/** Selects entries: a null principal or host, and ANY operation or permission, match every entry. Immutable. */
public record AccessControlEntryFilter(String principal, String host, AclOperation operation,
                                      AclPermissionType permissionType) {
    public static final AccessControlEntryFilter ANY =
        new AccessControlEntryFilter(null, null, AclOperation.ANY, AclPermissionType.ANY);

    public boolean matches(AccessControlEntry entry) {
        return (principal == null || principal.equals(entry.principal()))
            && (host == null || host.equals(entry.host()))
            && (operation == AclOperation.ANY || operation == entry.operation())
            && (permissionType == AclPermissionType.ANY || permissionType == entry.permissionType());
    }
}
