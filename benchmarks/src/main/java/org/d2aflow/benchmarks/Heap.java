package org.d2aflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.d2aflow.stack.Processes;

/** Live heap of another JVM: a full collection through jcmd, then the heap's used size as jcmd reports it. */
final class Heap {

    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    private Heap() {
    }

    static String jcmd() {
        Path sibling = Path.of(Processes.javaExecutable()).resolveSibling("jcmd");
        return Files.isExecutable(sibling) ? sibling.toString() : "jcmd";
    }

    /** Bytes in use after two full collections (the second catches what finalisation released). */
    static long usedAfterFullGc(long pid) throws Exception {
        Processes.run(List.of(jcmd(), Long.toString(pid), "GC.run"), Duration.ofMinutes(5));
        Bench.sleep(1000);
        Processes.run(List.of(jcmd(), Long.toString(pid), "GC.run"), Duration.ofMinutes(5));
        return parseUsed(Processes.run(List.of(jcmd(), Long.toString(pid), "GC.heap_info"), Duration.ofMinutes(1)));
    }

    static long parseUsed(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("Could not read jcmd GC.heap_info:\n" + heapInfo);
        }
        return Long.parseLong(m.group(2)) * 1024;
    }
}
