package io.zkafka.controller;

/** What the controller needs from the broker's configuration. */
public record ControllerSettings(int defaultPartitions, int defaultReplicationFactor, boolean deleteTopicEnable,
                                 boolean uncleanLeaderElectionDefault, int maxReplicationFactor) {
}
