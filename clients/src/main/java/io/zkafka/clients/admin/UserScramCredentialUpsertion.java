package io.zkafka.clients.admin;

import io.zkafka.common.security.ScramMechanism;
import java.util.Objects;

/**
 * Creates or replaces a user's credential of one SCRAM mechanism. The client salts and stretches the
 * password ({@code Hi(password, salt, iterations)}); only the salt and the salted password travel, and the
 * broker stores the derived StoredKey and ServerKey.
 */
public final class UserScramCredentialUpsertion extends UserScramCredentialAlteration {
    private final ScramCredentialInfo info;
    private final byte[] salt;
    private final byte[] saltedPassword;

    /** With a random 32-byte salt. */
    public UserScramCredentialUpsertion(String user, ScramCredentialInfo info, String password) {
        this(user, info, password, ScramMechanism.randomBytes(32));
    }

    public UserScramCredentialUpsertion(String user, ScramCredentialInfo info, String password, byte[] salt) {
        super(user);
        this.info = Objects.requireNonNull(info, "credential info");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a SCRAM credential needs a non-empty password");
        }
        this.salt = salt.clone();
        this.saltedPassword = info.mechanism().saltedPassword(password, salt, info.iterations());
    }

    public ScramCredentialInfo credentialInfo() {
        return info;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public byte[] saltedPassword() {
        return saltedPassword.clone();
    }
}
