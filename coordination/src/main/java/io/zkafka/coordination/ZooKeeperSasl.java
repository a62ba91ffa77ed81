package io.zkafka.coordination;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.Environment;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.X509Util;

/**
 * How this JVM's ZooKeeper clients authenticate, read from the system properties ZooKeeper's own
 * client reads: SASL (DIGEST-MD5, or Kerberos) with the login section {@code zookeeper.sasl.clientconfig}
 * (default {@code Client}) of the JAAS file {@code java.security.auth.login.config}, unless
 * {@code zookeeper.sasl.client=false}; or no authentication at all. Contradictory settings are a
 * {@link CoordinationConfigException} rather than a silently unauthenticated session. Immutable.
 */
final class ZooKeeperSasl {
    static final String JAAS_FILE = Environment.JAAS_CONF_KEY;
    static final String SASL_CLIENT = ZKClientConfig.ENABLE_CLIENT_SASL_KEY;
    static final String LOGIN_SECTION = ZKClientConfig.LOGIN_CONTEXT_NAME_KEY;

    private static final String DIGEST_LOGIN_MODULE = "org.apache.zookeeper.server.auth.DigestLoginModule";

    private final boolean authenticates;
    private final boolean digestMd5;
    private final String section;
    private final String username;
    private final String settings;

    private ZooKeeperSasl(boolean authenticates, boolean digestMd5, String section, String username, String settings) {
        this.authenticates = authenticates;
        this.digestMd5 = digestMd5;
        this.section = section;
        this.username = username;
        this.settings = settings;
    }

    /** Reads the JVM's settings and its JAAS configuration (once loaded, the JVM keeps it). */
    static ZooKeeperSasl fromSystemProperties() {
        String enabledText = System.getProperty(SASL_CLIENT, ZKClientConfig.ENABLE_CLIENT_SASL_DEFAULT);
        boolean enabled = Boolean.parseBoolean(enabledText.trim());
        String explicitSection = System.getProperty(LOGIN_SECTION);
        String section = explicitSection == null ? ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT : explicitSection;
        String settings = JAAS_FILE + "=" + System.getProperty(JAAS_FILE, "(not set)") + ", " + SASL_CLIENT + "="
            + enabledText + ", " + LOGIN_SECTION + "=" + section;
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
        } catch (SecurityException | IllegalArgumentException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CoordinationConfigException("Cannot read the JAAS file for ZooKeeper authentication ("
                + settings + "): " + cause.getMessage(), e);
        }
        boolean found = entries != null && entries.length > 0;
        if (found && !enabled) {
            throw new CoordinationConfigException("The JAAS file has a '" + section + "' section to authenticate to "
                + "ZooKeeper with, but " + SASL_CLIENT + "=false turns SASL off (" + settings + "): remove one or the other");
        }
        if (!found && enabled && explicitSection != null) {
            throw new CoordinationConfigException("No section '" + section + "' in the JAAS file (" + settings + ")");
        }
        String username = null;
        boolean digestMd5 = false;
        if (found) {
            Map<String, ?> options = entries[0].getOptions();
            Object name = options.get("username");
            username = name == null ? null : name.toString();
            digestMd5 = DIGEST_LOGIN_MODULE.equals(entries[0].getLoginModuleName());
        }
        return new ZooKeeperSasl(found && enabled, digestMd5, section, username, settings);
    }

    /**
     * The ZooKeeper client settings: the JVM's system properties, as ZooKeeper reads them, except that
     * a DIGEST-MD5 login is allowed. ZooKeeper 3.9 turns DIGEST-MD5 off in its FIPS mode, which is on
     * unless {@code zookeeper.fips-mode=false}; a login section with ZooKeeper's DigestLoginModule asks
     * for DIGEST-MD5, so this client allows it unless the JVM sets {@code zookeeper.fips-mode} itself.
     */
    ZKClientConfig clientConfig() {
        ZKClientConfig config = new ZKClientConfig();
        if (authenticates && digestMd5 && System.getProperty(X509Util.FIPS_MODE_PROPERTY) == null) {
            config.setProperty(X509Util.FIPS_MODE_PROPERTY, "false");
        }
        return config;
    }

    /** Whether the ZooKeeper client will authenticate with SASL. */
    boolean authenticates() {
        return authenticates;
    }

    /** The login section, for messages. */
    String section() {
        return section;
    }

    /** The DIGEST-MD5 user name of the login section (its {@code username} option), or null. */
    String username() {
        return username;
    }

    /** The settings as {@code key=value, ...}, for messages (never a password). */
    String settings() {
        return settings;
    }

    /** Who this client tries to authenticate as, for messages. */
    String identity() {
        return (username == null ? "the login section '" + section + "'" : "user '" + username + "' (login section '"
            + section + "')") + " of " + System.getProperty(JAAS_FILE, "the JVM's JAAS configuration");
    }
}
