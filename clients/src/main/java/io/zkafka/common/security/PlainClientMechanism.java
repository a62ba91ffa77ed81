package io.zkafka.common.security;

import java.nio.charset.StandardCharsets;

/** SASL PLAIN's client (RFC 4616): one token, {@code NUL user NUL password}; done once the server accepts it. */
final class PlainClientMechanism implements SaslClientMechanism {
    private final String username;
    private final String password;
    private boolean complete;

    PlainClientMechanism(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public byte[] firstToken() {
        return ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] serverToken) {
        complete = true;
        return null;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }
}
