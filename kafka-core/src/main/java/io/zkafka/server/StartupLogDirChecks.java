package io.zkafka.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log dir checks that run before the log manager: the folder lock ({@link LogDirLock}) and
 * {@code meta.properties} ({@link MetaProperties}). A folder that fails them with an I/O error (a
 * failed or unmounted disk: it cannot be created, its lock file or {@code meta.properties} cannot be
 * opened, read or written) is offline from the start, as Kafka does, when at least one other folder
 * passes; the broker gives it to the log manager as offline, so no log is loaded or created there.
 * A folder of another cluster or broker id, or locked by another process, is a configuration error,
 * not a disk failure: that still refuses the start, as does no usable folder at all.
 */
final class StartupLogDirChecks {
    private static final Logger log = LoggerFactory.getLogger(StartupLogDirChecks.class);

    private StartupLogDirChecks() {
    }

    /**
     * Checks or writes {@code meta.properties} in every locked folder.
     *
     * @return the folders that failed a check, with the error, in configuration order
     * @throws IOException if no folder passed
     */
    static Map<Path, IOException> run(int brokerId, String clusterId, List<Path> logDirs, LogDirLock lock)
        throws IOException {
        Map<Path, IOException> unusable = new LinkedHashMap<>();
        for (Path dir : logDirs) {
            IOException lockFailure = lock.unusable().get(dir);
            if (lockFailure != null) {
                unusable.put(dir, new IOException("cannot lock it: " + describe(lockFailure), lockFailure));
                continue;
            }
            try {
                MetaProperties.checkOrWrite(dir, clusterId, brokerId);
            } catch (IOException e) {
                unusable.put(dir, new IOException("cannot read or write its " + MetaProperties.FILE_NAME + ": "
                    + describe(e), e));
            }
        }
        if (unusable.size() == logDirs.size()) {
            throw new IOException("No usable log dir: " + unusable.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().getMessage() + ")").toList());
        }
        unusable.forEach((dir, e) -> log.error("Broker {}: log dir {} is offline from the start, {}; starting with the"
            + " other {} log dir(s)", brokerId, dir, e.getMessage(), logDirs.size() - unusable.size()));
        return Collections.unmodifiableMap(unusable);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
