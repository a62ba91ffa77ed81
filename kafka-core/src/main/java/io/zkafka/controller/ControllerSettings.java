package io.zkafka.controller;

/**
 * What the controller needs from the broker's configuration.
 *
 * @param leaderImbalanceCheckIntervalMs how often the preferred-leader rebalance runs (when enabled)
 * @param leaderImbalancePerBrokerPercentage the share (percent) of a broker's preferred partitions
 *     it may not lead before the rebalance elects it back
 */
public record ControllerSettings(int defaultPartitions, int defaultReplicationFactor, boolean deleteTopicEnable,
                                 boolean uncleanLeaderElectionDefault, boolean autoLeaderRebalanceEnable,
                                 long leaderImbalanceCheckIntervalMs, int leaderImbalancePerBrokerPercentage) {
}
