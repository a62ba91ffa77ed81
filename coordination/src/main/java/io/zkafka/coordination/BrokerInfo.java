package io.zkafka.coordination;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A live broker as registered under {@code /brokers/ids/<id>}: where clients reach it, its rack
 * (null when unset), when it started (epoch millis) and its broker epoch. Immutable.
 *
 * <p>The broker epoch (Kafka's KIP-380) is the creation zxid of the registration znode: every
 * registration, a restart's or a re-registration after a lost session, gets a larger one, so it
 * names one incarnation of the broker id. It is not in the payload; values read from ZooKeeper
 * carry it, values built by a broker before registering have {@link #UNKNOWN_EPOCH}.
 *
 * <p>{@code host}/{@code port} are the native listener's; {@code otherEndpoints} holds the broker's
 * other listeners (those speaking Kafka's protocol) by listener name; {@code nativeSecurityProtocol}
 * is the native listener's security protocol (PLAINTEXT or SSL), which the registration publishes in
 * {@code listener_security_protocol_map} as Kafka does.
 */
public record BrokerInfo(int id, String host, int port, String rack, long startTimeMs, long epoch,
                         Map<String, Endpoint> otherEndpoints, String nativeSecurityProtocol) {
    /** The epoch of a {@code BrokerInfo} not read from a registration. */
    public static final long UNKNOWN_EPOCH = -1;

    /** A listener besides the native one (host, port): its name, where clients reach it and its security protocol. */
    public record Endpoint(String listenerName, String host, int port, String securityProtocol) {
        public Endpoint(String listenerName, String host, int port) {
            this(listenerName, host, port, "PLAINTEXT");
        }
    }

    public BrokerInfo {
        otherEndpoints = Map.copyOf(otherEndpoints);
        Objects.requireNonNull(nativeSecurityProtocol, "nativeSecurityProtocol");
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

    /** A broker not yet registered (its epoch unknown). */
    public BrokerInfo(int id, String host, int port, String rack, long startTimeMs) {
        this(id, host, port, rack, startTimeMs, UNKNOWN_EPOCH, Map.of(), "PLAINTEXT");
    }

    public BrokerInfo(int id, String host, int port, String rack, long startTimeMs, long epoch) {
        this(id, host, port, rack, startTimeMs, epoch, Map.of(), "PLAINTEXT");
    }

    public BrokerInfo(int id, String host, int port, String rack, long startTimeMs, long epoch,
                      Map<String, Endpoint> otherEndpoints) {
        this(id, host, port, rack, startTimeMs, epoch, otherEndpoints, "PLAINTEXT");
    }

    /** The same broker with the epoch of the registration it was read from. */
    public BrokerInfo withEpoch(long registrationEpoch) {
        return new BrokerInfo(id, host, port, rack, startTimeMs, registrationEpoch, otherEndpoints, nativeSecurityProtocol);
    }

    /** The same broker with these listeners besides the native one. */
    public BrokerInfo withOtherEndpoints(Map<String, Endpoint> endpoints) {
        return new BrokerInfo(id, host, port, rack, startTimeMs, epoch, endpoints, nativeSecurityProtocol);
    }

    /** The same broker whose native listener has this security protocol (PLAINTEXT, SSL). */
    public BrokerInfo withNativeSecurityProtocol(String protocol) {
        return new BrokerInfo(id, host, port, rack, startTimeMs, epoch, otherEndpoints, protocol);
    }

    /** Where this broker serves the named listener, if it has one (never the native listener). */
    public Optional<Endpoint> endpoint(String listenerName) {
        return Optional.ofNullable(otherEndpoints.get(listenerName));
    }

    public Optional<String> rackOption() {
        return Optional.ofNullable(rack);
    }
}
