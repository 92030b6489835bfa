package org.d2aflow.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The axe-core accessibility engine (npm {@code axe-core}, version range {@link #VERSION}), fetched at test time with npm into a
 * build directory and handed over as the text of {@code axe.min.js}, to be evaluated in a page ({@link HeadlessChromium}).
 * Nothing is vendored: a fresh machine fetches it from the npm registry (npm itself is installed from Debian when missing and
 * allowed, as Chromium is); a failure to fetch fails the test, never skips it.
 */
public final class AxeCore {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * Runs axe-core in the page (loading it first when the page has not got it: a new page load drops it) with the WCAG 2.0,
     * 2.1 and 2.2 A/AA rules and the best practices, and lists each serious or critical violation as
     * {@code "<impact> <rule> (<help>): [<selectors>]"}; empty when there is none.
     */
    public static List<String> seriousViolations(HeadlessChromium browser, Path directory) throws Exception {
        if (!browser.evaluate("typeof axe").equals("object")) {
            browser.evaluate(script(directory) + "\n;'axe loaded'");
        }
        String version = browser.evaluate("axe.version");
        if (!version.startsWith("4.14.")) {
            throw new IllegalStateException("axe-core " + version + " loaded, " + VERSION + " expected");
        }
        JsonNode result = JSON.readTree(browser.evaluateAsync("axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa',"
                + " 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact,"
                + " help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })))"));
        List<String> out = new ArrayList<>();
        for (JsonNode v : result) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                out.add(impact + " " + v.path("id").asText() + " (" + v.path("help").asText() + "): " + v.path("targets"));
            }
        }
        return out;
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
