package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @Test
    void shouldMatchTheWholeNameOnly() {
        TopicFilter filter = new TopicFilter("orders");
        assertTrue(filter.matches("orders"));
        assertFalse(filter.matches("orders-eu"));
    }

    @Test
    void shouldReadCommasAsAlternativesAndRegexes() {
        TopicFilter filter = new TopicFilter("'a,b.*'");
        assertTrue(filter.matches("a"));
        assertTrue(filter.matches("bee"));
        assertFalse(filter.matches("c"));
    }

    @Test
    void shouldRejectAnInvalidRegexWithAClearMessage() {
        ToolException e = assertThrows(ToolException.class, () -> new TopicFilter("a("));
        assertTrue(e.getMessage().contains("invalid regex"), e.getMessage());
    }
}
