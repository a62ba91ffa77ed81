package io.zkafka.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * SCRAM's client (RFC 5802): sends {@code n,,n=user,r=cnonce}, answers the server's salt and iteration
 * count with the proof, and checks the server's signature, so a server that does not hold the user's
 * ServerKey is refused too. Iteration counts below 4096 from the server are refused.
 */
final class ScramClientMechanism implements SaslClientMechanism {
    private static final String GS2_HEADER = "n,,";

    private final ScramMechanism mechanism;
    private final String username;
    private final String password;
    private final String clientNonce = Base64.getEncoder().withoutPadding().encodeToString(ScramMechanism.randomBytes(24));
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean complete;

    ScramClientMechanism(ScramMechanism mechanism, String username, String password) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
    }

    @Override
    public String mechanism() {
        return mechanism.mechanismName();
    }

    @Override
    public byte[] firstToken() {
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] serverToken) throws SaslClientException {
        String message = new String(serverToken == null ? new byte[0] : serverToken, StandardCharsets.UTF_8);
        if (expectedServerSignature == null) {
            return clientFinal(message);
        }
        if (message.startsWith("e=")) {
            throw new SaslClientException("the server refused the SCRAM exchange: " + message.substring(2));
        }
        if (!message.startsWith("v=")
                || !MessageDigest.isEqual(expectedServerSignature, decode(message.substring(2).split(",")[0]))) {
            throw new SaslClientException("the server's SCRAM signature is wrong: it does not hold this user's credential");
        }
        complete = true;
        return null;
    }

    private byte[] clientFinal(String serverFirst) throws SaslClientException {
        String nonce = null;
        byte[] salt = null;
        int iterations = -1;
        for (String field : serverFirst.split(",")) {
            if (field.startsWith("r=")) {
                nonce = field.substring(2);
            } else if (field.startsWith("s=")) {
                salt = decode(field.substring(2));
            } else if (field.startsWith("i=")) {
                try {
                    iterations = Integer.parseInt(field.substring(2));
                } catch (NumberFormatException e) {
                    throw new SaslClientException("bad SCRAM iteration count " + field);
                }
            }
        }
        if (nonce == null || !nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length() || salt == null) {
            throw new SaslClientException("the server's first SCRAM message is not valid: " + serverFirst);
        }
        if (iterations < ScramMechanism.MIN_ITERATIONS) {
            throw new SaslClientException("the server asks for " + iterations + " SCRAM iterations, fewer than "
                + ScramMechanism.MIN_ITERATIONS);
        }
        byte[] saltedPassword = mechanism.saltedPassword(password, salt, iterations);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
            + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = mechanism.clientKey(saltedPassword);
        byte[] clientSignature = mechanism.hmac(mechanism.hash(clientKey), authMessage);
        expectedServerSignature = mechanism.hmac(mechanism.serverKey(saltedPassword), authMessage);
        byte[] proof = ScramMechanism.xor(clientKey, clientSignature);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String base64) throws SaslClientException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SaslClientException("the server sent bad base64 in SCRAM");
        }
    }

    @Override
    public boolean isComplete() {
        return complete;
    }
}
