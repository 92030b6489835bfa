package org.d2aflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What Linux tells about a process in /proc: CPU time used, open file descriptors and their limit. */
final class ProcFs {

    private static final Pattern OPEN_FILES = Pattern.compile("(?m)^Max open files\\s+(\\S+)\\s+(\\S+)");

    /** USER_HZ: the unit of /proc/<pid>/stat's times; 100 on every Linux this runs on (getconf CLK_TCK). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcFs() {
    }

    /** User plus system CPU seconds of every thread of the process so far. */
    static double cpuSeconds(long pid) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    }

    /** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line; the command name in parentheses may hold spaces. */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /** The soft limit on open files ("Max open files" of /proc/<pid>/limits); Long.MAX_VALUE when unlimited. */
    static long openFilesLimit(String limits) {
        Matcher m = OPEN_FILES.matcher(limits);
        if (!m.find()) {
            throw new IllegalStateException("no 'Max open files' line in:\n" + limits);
        }
        return "unlimited".equals(m.group(1)) ? Long.MAX_VALUE : Long.parseLong(m.group(1));
    }

    static long openFilesLimit(long pid) throws IOException {
        return openFilesLimit(Files.readString(Path.of("/proc", Long.toString(pid), "limits")));
    }

    static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }
}
