package io.zkafka.clients.admin;

/** A change to one user's SCRAM credentials: {@link UserScramCredentialUpsertion} or {@link UserScramCredentialDeletion}. */
public abstract class UserScramCredentialAlteration {
    private final String user;

    protected UserScramCredentialAlteration(String user) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("a SCRAM credential alteration needs a user name");
        }
        this.user = user;
    }

    public String user() {
        return user;
    }
}
