package io.zkafka.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * {@code meta.properties} in each log folder: which cluster and broker the data belongs to. A
 * broker refuses to start on a folder written for another cluster or broker id (a wrong
 * {@code zookeeper.connect} chroot would otherwise look like an empty cluster and its logs would be
 * deleted as unknown topics).
 */
final class MetaProperties {
    static final String FILE_NAME = "meta.properties";

    private MetaProperties() {
    }

    static void checkOrWrite(Path logDir, String clusterId, int brokerId) throws IOException {
        Files.createDirectories(logDir);
        Path file = logDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            Properties existing = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                existing.load(in);
            }
            String foundCluster = existing.getProperty("cluster.id");
            String foundBroker = existing.getProperty("broker.id");
            if (foundCluster != null && !foundCluster.equals(clusterId)) {
                throw new IllegalStateException("Log folder " + logDir + " belongs to cluster " + foundCluster
                    + " but ZooKeeper holds cluster " + clusterId + ": check zookeeper.connect (and its chroot)");
            }
            if (foundBroker != null && !foundBroker.equals(String.valueOf(brokerId))) {
                throw new IllegalStateException("Log folder " + logDir + " belongs to broker " + foundBroker
                    + ", not broker " + brokerId + ": check broker.id and log.dirs");
            }
            return;
        }
        Properties meta = new Properties();
        meta.setProperty("version", "0");
        meta.setProperty("cluster.id", clusterId);
        meta.setProperty("broker.id", String.valueOf(brokerId));
        Path temp = logDir.resolve(FILE_NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            meta.store(out, "ZKafka log folder identity");
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
