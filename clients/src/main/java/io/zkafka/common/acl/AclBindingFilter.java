package io.zkafka.common.acl;

import io.zkafka.common.resource.ResourcePatternFilter;

/** Selects bindings by their pattern and entry. Immutable. */
public record AclBindingFilter(ResourcePatternFilter patternFilter, AccessControlEntryFilter entryFilter) {
    public static final AclBindingFilter ANY = new AclBindingFilter(ResourcePatternFilter.ANY, AccessControlEntryFilter.ANY);
}
