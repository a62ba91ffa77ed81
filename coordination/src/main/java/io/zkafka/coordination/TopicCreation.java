package io.zkafka.coordination;

import java.util.List;
import java.util.Map;

/**
 * One topic for {@link ControllerWriter#createTopics}: its replica assignment (partitions numbered
 * from 0 without gaps), every partition's initial state and its config overrides. Immutable.
 */
public record TopicCreation(String topic, Map<Integer, List<Integer>> assignment,
                            Map<Integer, LeaderAndIsr> initialStates, Map<String, String> config) {
    public TopicCreation {
        assignment = Map.copyOf(assignment);
        initialStates = Map.copyOf(initialStates);
        config = Map.copyOf(config);
    }

    /**
     * What became of one creation: {@code failure} is null when the topic was created, else a
     * {@link TopicExistsException}, a {@link ControllerMovedException} (a newer controller fenced
     * this one off before the topic was wholly written) or another {@link CoordinationException}.
     */
    public record Outcome(String topic, CoordinationException failure) {
        public boolean created() {
            return failure == null;
        }
    }
}
