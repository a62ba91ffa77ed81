package io.zkafka.common.resource;

/**
 * Selects stored patterns, as Kafka's filter does: {@link ResourceType#ANY} any type, a null name any
 * name; pattern type {@link PatternType#ANY} any pattern, {@link PatternType#MATCH} every pattern that
 * would apply to the named resource (its literal name, the literal {@code *}, the prefixes it starts
 * with), LITERAL or PREFIXED exactly those. Immutable.
 */
public record ResourcePatternFilter(ResourceType resourceType, String name, PatternType patternType) {
    public static final ResourcePatternFilter ANY = new ResourcePatternFilter(ResourceType.ANY, null, PatternType.ANY);

    public boolean matches(ResourcePattern pattern) {
        if (resourceType != ResourceType.ANY && resourceType != pattern.resourceType()) {
            return false;
        }
        return switch (patternType) {
            case ANY -> name == null || name.equals(pattern.name());
            case MATCH -> name == null || switch (pattern.patternType()) {
                case LITERAL -> name.equals(pattern.name()) || pattern.name().equals(ResourcePattern.WILDCARD);
                case PREFIXED -> name.startsWith(pattern.name());
                default -> false;
            };
            default -> patternType == pattern.patternType() && (name == null || name.equals(pattern.name()));
        };
    }
}
