package io.zkafka.common.resource;

import java.util.Objects;

/**
 * The resources an ACL applies to: a type, a name and how the name matches ({@link PatternType#LITERAL},
 * where {@code *} means every resource of the type, or {@link PatternType#PREFIXED}). Immutable.
 */
public record ResourcePattern(ResourceType resourceType, String name, PatternType patternType) {
    /** The literal name that matches every resource of its type. */
    public static final String WILDCARD = "*";

    public ResourcePattern {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(patternType, "patternType");
    }

    /** Whether this is a concrete pattern an ACL can be stored under (not a filter's ANY or MATCH). */
    public boolean isConcrete() {
        return resourceType != ResourceType.ANY && !name.isEmpty()
            && (patternType == PatternType.LITERAL || patternType == PatternType.PREFIXED);
    }

    @Override
    public String toString() {
        return "ResourcePattern(resourceType=" + resourceType + ", name=" + name + ", patternType=" + patternType + ")";
    }
}
