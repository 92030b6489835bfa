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

    /** utime + stime + cutime + cstime (fields 14 to 17): with the CPU of the children the process has waited for. */
    static long cpuTicksWithEndedChildren(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return cpuTicks(stat) + Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
    }

    /**
     * CPU seconds of a process and all its descendants so far, those that ended included: each one's own time plus
     * that of the children it waited for (PostgreSQL's postmaster waits for its backends, so their time moves into
     * its cutime/cstime; the root may be a wrapper that started the postmaster). A child that ended is no longer in
     * the tree, so nothing is counted twice. 0 when the process is gone.
     */
    static double treeCpuSeconds(long pid) {
        long ticks = ticksOrZero(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            ticks += ticksOrZero(child.pid());
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static long ticksOrZero(long pid) {
        try {
            return cpuTicksWithEndedChildren(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return 0; // ended meanwhile
        }
    }

    /** Busy CPU seconds of the whole machine so far, all cores: the first line of /proc/stat less idle and iowait. */
    static double machineBusySeconds(String procStat) {
        String[] f = procStat.substring(0, procStat.indexOf('\n')).trim().split("\\s+");
        if (!"cpu".equals(f[0])) {
            throw new IllegalStateException("/proc/stat does not start with the cpu line: " + f[0]);
        }
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / TICKS_PER_SECOND;
    }

    static double machineBusySeconds() throws IOException {
        return machineBusySeconds(Files.readString(Path.of("/proc/stat")));
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
