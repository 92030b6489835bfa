package org.d2aflow.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting, finding and stopping the child processes of the stack. */
public final class Processes {

    /** Every JVM the stack starts carries this system property, so that {@code down} can find stragglers. */
    public static final String HOME_MARKER = "-Dd2a.stack.home=";

    private Processes() {
    }

    /** The java executable of the running JVM, so children use the same JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Starts a process whose output goes to a log file; it outlives this JVM unless stopped. */
    public static Process startLogged(List<String> command, Path logFile, Map<String, String> env) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a command to completion and returns its combined output; fails when it exits non-zero. */
    public static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("Timed out after " + timeout.toSeconds() + "s: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("Command failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + text);
        }
        return text;
    }

    /** Asks a process to stop, then kills it and its descendants if it is still there after the grace period. */
    public static boolean stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        ProcessHandle h = handle.get();
        List<ProcessHandle> descendants = new ArrayList<>(h.descendants().toList());
        h.destroy();
        try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            h.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return true;
    }

    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Processes (other than this one) whose command line carries the marker of the given stack home. */
    public static List<ProcessHandle> markedWith(Path home) {
        String marker = HOME_MARKER + home.toAbsolutePath().normalize();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
                .toList();
    }

    /** Last lines of a log file, for error messages. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
