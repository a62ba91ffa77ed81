package io.zkafka.config;

import io.zkafka.common.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's listeners, parsed from Kafka's keys: {@code listeners} (NAME://host:port, comma
 * separated, one per name), {@code advertised.listeners} (what clients are told, per name; defaults
 * to the listener's own address) and {@code listener.security.protocol.map} (NAME:PROTOCOL). The
 * listener named by {@code native.listener.name} speaks ZKafka's Kryo protocol (clients, replication,
 * the controller's requests); every other listener speaks Apache Kafka's protocol. Immutable.
 */
public final class Listeners {
    /** One listener: its name, the security protocol, where it binds and what clients are told. */
    public record Listener(String name, String securityProtocol, String host, int port, String advertisedHost,
                           Integer advertisedPort) {
        public boolean bindsAnyPort() {
            return port == 0;
        }

        /** Whether connections to this listener start with a TLS handshake (security protocol SSL or SASL_SSL). */
        public boolean usesTls() {
            return securityProtocol.equals("SSL") || securityProtocol.equals("SASL_SSL");
        }

        /** Whether clients authenticate with SASL first (security protocol SASL_PLAINTEXT or SASL_SSL). */
        public boolean usesSasl() {
            return securityProtocol.startsWith("SASL_");
        }
    }

    private static final List<String> SUPPORTED_SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private final Map<String, Listener> byName;
    private final String nativeName;

    private Listeners(Map<String, Listener> byName, String nativeName) {
        this.byName = byName;
        this.nativeName = nativeName;
    }

    static Listeners parse(String listeners, String advertised, String protocolMap, String nativeName) {
        Map<String, String> protocols = parseProtocolMap(protocolMap);
        Map<String, HostPort> bound = parseAddresses(KafkaConfig.LISTENERS, listeners);
        Map<String, HostPort> told = advertised == null || advertised.isBlank() ? Map.of()
            : parseAddresses(KafkaConfig.ADVERTISED_LISTENERS, advertised);
        for (String name : told.keySet()) {
            if (!bound.containsKey(name)) {
                throw new ConfigException(KafkaConfig.ADVERTISED_LISTENERS, advertised,
                    "names listener " + name + ", which listeners does not define");
            }
        }
        if (!bound.containsKey(nativeName)) {
            throw new ConfigException(KafkaConfig.LISTENERS, listeners, "needs the native listener "
                + nativeName + " (" + KafkaConfig.NATIVE_LISTENER_NAME + "), which ZKafka's clients and brokers use");
        }
        Map<String, Listener> byName = new LinkedHashMap<>();
        bound.forEach((name, address) -> {
            String protocol = protocols.get(name);
            if (protocol == null) {
                throw new ConfigException(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, protocolMap,
                    "has no security protocol for listener " + name);
            }
            if (!SUPPORTED_SECURITY_PROTOCOLS.contains(protocol)) {
                throw new ConfigException(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, protocolMap,
                    "maps listener " + name + " to " + protocol + "; this build serves only " + SUPPORTED_SECURITY_PROTOCOLS);
            }
            HostPort ad = told.get(name);
            String advertisedHost = ad != null && ad.host != null ? ad.host
                : address.host == null || address.host.equals("0.0.0.0") ? "127.0.0.1" : address.host;
            byName.put(name, new Listener(name, protocol, address.host == null ? "0.0.0.0" : address.host, address.port,
                advertisedHost, ad == null ? null : ad.port));
        });
        return new Listeners(Collections.unmodifiableMap(byName), nativeName);
    }

    private record HostPort(String host, int port) {
    }

    private static Map<String, HostPort> parseAddresses(String key, String value) {
        Map<String, HostPort> out = new LinkedHashMap<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            int scheme = entry.indexOf("://");
            if (scheme <= 0) {
                throw new ConfigException(key, value, "expected NAME://host:port entries, got '" + entry + "'");
            }
            String name = entry.substring(0, scheme).toUpperCase(Locale.ROOT);
            String hostPort = entry.substring(scheme + 3);
            int colon = hostPort.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new ConfigException(key, value, "expected NAME://host:port, got '" + entry + "'");
            }
            if (colon < 0 || port < 0 || port > 65535) {
                throw new ConfigException(key, value, "port must be between 0 and 65535 in '" + entry + "'");
            }
            String host = colon == 0 ? null : hostPort.substring(0, colon);
            if (out.put(name, new HostPort(host, port)) != null) {
                throw new ConfigException(key, value, "names listener " + name + " twice");
            }
        }
        return out;
    }

    private static Map<String, String> parseProtocolMap(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, value,
                    "expected NAME:PROTOCOL entries, got '" + entry + "'");
            }
            out.put(entry.substring(0, colon).toUpperCase(Locale.ROOT), entry.substring(colon + 1).toUpperCase(Locale.ROOT));
        }
        return out;
    }

    public Listener nativeListener() {
        return byName.get(nativeName);
    }

    /** The listeners that speak Apache Kafka's protocol, in the order {@code listeners} names them. */
    public List<Listener> kafkaListeners() {
        List<Listener> out = new ArrayList<>();
        for (Listener listener : byName.values()) {
            if (!listener.name().equals(nativeName)) {
                out.add(listener);
            }
        }
        return out;
    }

    public Optional<Listener> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
