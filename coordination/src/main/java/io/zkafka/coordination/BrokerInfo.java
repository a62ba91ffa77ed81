package io.zkafka.coordination;

import java.util.Objects;
import java.util.Optional;

/**
 * A live broker as registered under {@code /brokers/ids/<id>}: where clients reach it, its rack
 * (null when unset) and when it started (epoch millis). Immutable.
 */
public record BrokerInfo(int id, String host, int port, String rack, long startTimeMs) {
    public BrokerInfo {
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("broker host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("broker port must be in [0, 65535], got " + port);
        }
    }

    public Optional<String> rackOption() {
        return Optional.ofNullable(rack);
    }
}
