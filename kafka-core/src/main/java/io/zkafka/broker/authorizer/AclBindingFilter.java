package io.zkafka.broker.authorizer;

/** Selects bindings by their pattern and entry. Immutable. */
public record AclBindingFilter(ResourcePatternFilter patternFilter, AccessControlEntryFilter entryFilter) {
    public static final AclBindingFilter ANY = new AclBindingFilter(ResourcePatternFilter.ANY, AccessControlEntryFilter.ANY);
}
