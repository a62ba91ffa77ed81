package io.zkafka.clients.internals;

import io.zkafka.common.config.ConfigException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers the three clients share: bootstrap addresses, plugin classes, client ids. Stateless. */
public final class ClientUtils {
    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    private ClientUtils() {
    }

    /** Checks that every bootstrap server is "host:port" and returns them. */
    public static List<String> parseBootstrapServers(String key, List<String> servers) {
        List<String> addresses = new ArrayList<>();
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(server.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException(key, server, "expected host:port");
            }
            addresses.add(server);
        }
        if (addresses.isEmpty()) {
            throw new ConfigException(key, servers, "at least one host:port is needed");
        }
        return addresses;
    }

    /** The configured client id, or "{prefix}-N" when none was given. */
    public static String clientId(String configured, String prefix) {
        return configured == null || configured.isEmpty() ? prefix + "-" + CLIENT_SEQUENCE.incrementAndGet()
            : configured;
    }

    /** A new instance of the class named by configuration {@code key}, which must implement {@code type}. */
    public static <T> T newInstance(String key, String className, Class<T> type) {
        if (className == null || className.isEmpty()) {
            throw new ConfigException("Missing required configuration " + key + " which has no default value");
        }
        try {
            Class<?> loaded = Class.forName(className, true, contextLoader());
            if (!type.isAssignableFrom(loaded)) {
                throw new ConfigException(key, className, "is not a " + type.getName());
            }
            return type.cast(loaded.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "class not found");
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new ConfigException(key, className, "cannot be instantiated with a public no-arg constructor: " + e);
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ClientUtils.class.getClassLoader();
    }

    /** The cause inside a future's wrapper exception, or the throwable itself. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
