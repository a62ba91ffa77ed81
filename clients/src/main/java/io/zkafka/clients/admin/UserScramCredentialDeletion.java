package io.zkafka.clients.admin;

import io.zkafka.common.security.ScramMechanism;
import java.util.Objects;

/** Deletes a user's credential of one SCRAM mechanism. */
public final class UserScramCredentialDeletion extends UserScramCredentialAlteration {
    private final ScramMechanism mechanism;

    public UserScramCredentialDeletion(String user, ScramMechanism mechanism) {
        super(user);
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
    }

    public ScramMechanism mechanism() {
        return mechanism;
    }
}
