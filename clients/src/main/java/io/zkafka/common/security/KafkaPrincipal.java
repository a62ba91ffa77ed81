package io.zkafka.common.security;

import java.util.Objects;

/**
 * Who a connection authenticated as, in Kafka's form {@code <type>:<name>} ({@code User:alice}). A
 * connection that did not authenticate (PLAINTEXT, or TLS without a client certificate) is
 * {@link #ANONYMOUS}; a TLS client certificate gives {@code User:<distinguished name>}
 * ({@code User:CN=alice,OU=ops}), a SASL login {@code User:<user name>}, as Kafka's defaults do.
 */
public record KafkaPrincipal(String type, String name) {
    public static final String USER_TYPE = "User";
    public static final KafkaPrincipal ANONYMOUS = new KafkaPrincipal(USER_TYPE, "ANONYMOUS");

    public KafkaPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type.isEmpty() || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A principal's type must be non-empty and without ':', got '" + type + "'");
        }
    }

    public static KafkaPrincipal user(String name) {
        return new KafkaPrincipal(USER_TYPE, name);
    }

    /** Parses {@code <type>:<name>}; the name may contain ':'. */
    public static KafkaPrincipal parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("A principal is <type>:<name>, such as User:alice; got '" + text + "'");
        }
        return new KafkaPrincipal(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
