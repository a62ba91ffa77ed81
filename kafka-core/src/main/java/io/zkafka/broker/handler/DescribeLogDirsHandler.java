package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeLogDirsRequest;
import io.zkafka.common.message.DescribeLogDirsResponse.LogDir;
import io.zkafka.common.message.DescribeLogDirsResponse.LogDirPartition;
import io.zkafka.common.message.DescribeLogDirsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs (api key 35): this broker's log dirs in configuration order. An online dir lists
 * the logs it holds (all, or those asked for) with their bytes on disk and how far their log end is
 * behind the high watermark; a dir the log dir failure handling took offline answers
 * KAFKA_STORAGE_ERROR and no partitions.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequest> {
    private static final long UNKNOWN_BYTES = -1L;

    private final LogManager logs;
    private final Authorizer authorizer;

    public DescribeLogDirsHandler(LogManager logs, Authorizer authorizer) {
        this.logs = logs;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeLogDirsResponse> handle(RequestContext context, DescribeLogDirsRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            return CompletableFuture.completedFuture(new DescribeLogDirsResponse(List.of())); // Kafka's answer: nothing
        }
        Set<TopicPartition> asked = request.partitions() == null ? null : new HashSet<>(request.partitions());
        Map<Path, List<LogDirPartition>> byDir = new LinkedHashMap<>();
        for (Path dir : logs.onlineLogDirs()) {
            byDir.put(normalized(dir), new ArrayList<>());
        }
        for (Log log : logs.allLogs()) {
            if (asked != null && !asked.contains(log.topicPartition())) {
                continue;
            }
            List<LogDirPartition> partitions = byDir.get(normalized(log.dir().getParent()));
            if (partitions != null) {
                long lag = Math.max(log.highWatermark() - log.logEndOffset(), 0);
                partitions.add(new LogDirPartition(log.topicPartition(), log.size(), lag));
            }
        }
        List<LogDir> dirs = new ArrayList<>();
        for (Path dir : logs.onlineLogDirs()) {
            dirs.add(online(dir, byDir.get(normalized(dir))));
        }
        for (Path dir : logs.offlineLogDirs()) {
            dirs.add(new LogDir(dir.toString(), Errors.KAFKA_STORAGE_ERROR, UNKNOWN_BYTES, UNKNOWN_BYTES, List.of()));
        }
        return CompletableFuture.completedFuture(new DescribeLogDirsResponse(dirs));
    }

    private static LogDir online(Path dir, List<LogDirPartition> partitions) {
        try {
            FileStore store = Files.getFileStore(dir);
            return new LogDir(dir.toString(), Errors.NONE, store.getTotalSpace(), store.getUsableSpace(), partitions);
        } catch (IOException e) {
            return new LogDir(dir.toString(), Errors.NONE, UNKNOWN_BYTES, UNKNOWN_BYTES, partitions);
        }
    }

    private static Path normalized(Path dir) {
        return dir.toAbsolutePath().normalize();
    }
}
