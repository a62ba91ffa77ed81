package io.zkafka.tools.internals;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which topics a {@code --topic} argument names, as Kafka's tools read it: a regular expression
 * that must match the whole name, with ',' meaning "or" and surrounding quotes ignored. Immutable.
 */
public final class TopicFilter {
    private final Pattern pattern;

    public TopicFilter(String expression) {
        String regex = expression.trim().replace(',', '|').replace(" ", "")
            .replaceAll("^[\"']+", "").replaceAll("[\"']+$", "");
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ToolException("--topic: '" + expression + "' is an invalid regex: " + e.getDescription());
        }
    }

    public boolean matches(String topic) {
        return pattern.matcher(topic).matches();
    }
}
