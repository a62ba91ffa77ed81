package io.zkafka.coordination;

/**
 * The client could not authenticate to ZooKeeper (the ensemble refused its SASL credentials), or
 * ZooKeeper refused an operation for lack of rights ({@code NoAuth}) or refused the ACLs of a
 * {@code zookeeper.set.acl} client ({@code InvalidACL}). The message says what to check.
 */
public class ZooKeeperAuthenticationException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public ZooKeeperAuthenticationException(String message) {
        super(message);
    }

    public ZooKeeperAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
