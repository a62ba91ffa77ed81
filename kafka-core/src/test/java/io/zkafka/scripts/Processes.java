package io.zkafka.scripts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Looks at the processes the scripts start (by PID, since they outlive the script that started
 * them). Stateless.
 */
final class Processes {
    private Processes() {
    }

    /**
     * Alive and not a zombie: a daemon outlives the script that started it, so once it exits it
     * may linger unreaped under whoever adopted it, which is as good as gone.
     */
    static boolean isAlive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isReadable(stat)) {
            try {
                String content = Files.readString(stat);
                return !content.substring(content.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Kills each PID that still runs, without waiting: the clean-up of a test that failed. */
    static void killAll(Collection<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
