package io.zkafka.coordination;

import io.zkafka.common.Uuid;
import java.util.List;
import java.util.Map;

/**
 * One topic for {@link ControllerWriter#createTopics}: its replica assignment (partitions numbered
 * from 0 without gaps), every partition's initial state, its config overrides and its new id. Immutable.
 */
public record TopicCreation(String topic, Map<Integer, List<Integer>> assignment,
                            Map<Integer, LeaderAndIsr> initialStates, Map<String, String> config, Uuid topicId) {
    public TopicCreation {
        assignment = Map.copyOf(assignment);
        initialStates = Map.copyOf(initialStates);
        config = Map.copyOf(config);
        if (topicId.equals(Uuid.ZERO)) {
            throw new IllegalArgumentException("a new topic needs an id, not the zero id");
        }
    }

    /** A creation with a new random id. */
    public TopicCreation(String topic, Map<Integer, List<Integer>> assignment,
                         Map<Integer, LeaderAndIsr> initialStates, Map<String, String> config) {
        this(topic, assignment, initialStates, config, Uuid.random());
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
