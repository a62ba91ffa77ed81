package io.zkafka.broker.handler;

import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A per-topic admin request cut in two by authorization: the items the principal may act on, carried
 * on as a smaller request, and a TOPIC_AUTHORIZATION_FAILED result for each of the others, added to
 * the answer. Immutable.
 */
record TopicRefusals<T>(List<T> permitted, List<TopicResult> refused) {
    static <T> TopicRefusals<T> split(List<T> items, Function<T, String> nameOf, Predicate<String> allowed) {
        List<T> permitted = new ArrayList<>(items.size());
        List<TopicResult> refused = new ArrayList<>();
        for (T item : items) {
            String name = nameOf.apply(item);
            if (allowed.test(name)) {
                permitted.add(item);
            } else {
                refused.add(new TopicResult(name, Errors.TOPIC_AUTHORIZATION_FAILED, null));
            }
        }
        return new TopicRefusals<>(permitted, refused);
    }

    /** The carried-on part's results followed by the refusals. */
    List<TopicResult> with(List<TopicResult> results) {
        if (refused.isEmpty()) {
            return results;
        }
        List<TopicResult> all = new ArrayList<>(results);
        all.addAll(refused);
        return all;
    }
}
