package org.d2aflow.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The axe-core accessibility engine (npm {@code axe-core}, version range {@link #VERSION}), fetched at test time with npm into a
 * build directory and handed over as the text of {@code axe.min.js}, to be evaluated in a page ({@link HeadlessChromium}).
 * Nothing is vendored: a fresh machine fetches it from the npm registry (npm itself is installed from Debian when missing and
 * allowed, as Chromium is); a failure to fetch fails the test, never skips it.
 */
public final class AxeCore {

    /** The versions the tests accept: the newest 4.14 release. */
    public static final String VERSION = "4.14.x";

    private AxeCore() {
    }

    /** The text of axe.min.js, fetched into {@code directory} (for example target/axe-core) unless it is already there. */
    public static synchronized String script(Path directory) throws IOException, InterruptedException {
        Path script = directory.resolve("package").resolve("axe.min.js");
        if (!Files.isRegularFile(script)) {
            Files.createDirectories(directory);
            if (!onPath("npm")) {
                org.d2aflow.stack.SystemPackages.install("npm", "the accessibility test (npm pack axe-core)");
            }
            run(directory, "npm", "pack", "axe-core@" + VERSION, "--silent", "--pack-destination", directory.toAbsolutePath().toString());
            Path tarball;
            try (var files = Files.list(directory)) {
                tarball = files.filter(f -> f.getFileName().toString().matches("axe-core-4\\.14\\.\\d+\\.tgz")).sorted().reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalStateException("npm pack axe-core@" + VERSION + " left no axe-core-4.14.*.tgz in " + directory));
            }
            run(directory, "tar", "-xzf", tarball.getFileName().toString(), "package/axe.min.js", "package/package.json");
        }
        return Files.readString(script, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
