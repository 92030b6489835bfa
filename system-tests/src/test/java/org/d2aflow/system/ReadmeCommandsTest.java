package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.d2aflow.testkit.TestStack;
import org.junit.jupiter.api.Test;

/**
 * The shell examples of the READMEs run as printed against the running suite: every fenced {@code bash} block
 * whose commands only ask the services something (curl, variables, a development token) is run by bash, with the
 * local stack's ports pointed at the services under test and {@code D2A_HOME} at the test stack (whose issuer they
 * trust). Each curl must get a 2xx answer. Blocks that start, stop or build something are left to
 * {@code deploy/fresh-check}, which runs the two commands of the root README on a fresh clone.
 */
class ReadmeCommandsTest {

    private static final Pattern FENCE = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    /** Commands a block may hold and still be run here: requests to the services and shell bookkeeping. */
    private static final Pattern SAFE_LINE = Pattern.compile("^(curl\\s|[A-Z_][A-Z0-9_]*=|echo\\s|#)");
    private static final Pattern LOCAL_URL = Pattern.compile("(?:localhost|127\\.0\\.0\\.1):(808[1-4])");

    /** curl as printed, but failing on a 4xx/5xx; a stream ({@code -N}) is listened to for a few seconds. */
    private static final String PRELUDE = """
            curl() {
              local stream=false a
              for a in "$@"; do case "$a" in -N|-*N*) [[ "$a" == -* && "$a" != --* ]] && stream=true;; esac; done
              if $stream; then
                local rc=0
                command curl --fail-with-body -S --max-time 3 "$@" || rc=$?
                if [[ $rc == 28 ]]; then return 0; fi
                return $rc
              fi
              command curl --fail-with-body -S --max-time 30 "$@"
            }
            """;

    record Block(Path file, int line, String script) {
        boolean safe() {
            return logicalLines(script).stream().allMatch(l -> SAFE_LINE.matcher(l).find());
        }
    }

    @Test
    void everySafeShellExampleOfTheReadmesRunsAsPrinted() throws Exception {
        Suite suite = Suite.get();
        Path repo = Path.of(System.getProperty("d2a.repo", "..")).toAbsolutePath().normalize();
        Map<String, String> ports = Map.of("8081", port(suite.referral.url()), "8082", port(suite.capacity.url()),
                "8083", port(suite.placement.url()), "8084", port(suite.metrics.url()));

        List<Block> blocks = blocks(repo);
        List<Block> safe = blocks.stream().filter(Block::safe).toList();
        List<String> failures = new ArrayList<>();
        for (Block b : safe) {
            String script = rewritePorts(b.script(), ports);
            Result r = bash(repo, PRELUDE + "set -eo pipefail\n" + script, TestStack.get().home());
            System.out.printf("README block %s:%d -> exit %d%n", repo.relativize(b.file()), b.line(), r.exit());
            if (r.exit() != 0) {
                failures.add(repo.relativize(b.file()) + ":" + b.line() + " exited " + r.exit() + "\n" + script + "\n--- output ---\n" + r.output());
            }
        }
        blocks.stream().filter(b -> !b.safe()).forEach(b -> System.out.printf("README block %s:%d not run here (starts, stops or builds)%n",
                repo.relativize(b.file()), b.line()));

        assertThat(failures).as("README blocks that did not run as printed").isEmpty();
        // The examples that call the API must be among those run, or this test proves nothing.
        assertThat(safe.stream().map(b -> repo.relativize(b.file()).toString()).distinct())
                .contains("referral-service/README.md", "metrics-service/README.md", "deploy/README.md");
    }

    @Test
    void blocksThatStartOrBuildAreNotRunAndTheOthersAre() {
        assertThat(new Block(Path.of("x"), 1, "deploy/d2a up\ncurl -s localhost:8084/figures\n").safe()).isFalse();
        assertThat(new Block(Path.of("x"), 1, "./mvnw verify\n").safe()).isFalse();
        assertThat(new Block(Path.of("x"), 1, "T=$(deploy/d2a token admin)\ncurl -s localhost:8084/figures \\\n  -H \"x: y\"\n").safe()).isTrue();
        assertThat(rewritePorts("curl localhost:8081/a 127.0.0.1:8084/b", Map.of("8081", "1", "8084", "2")))
                .isEqualTo("curl 127.0.0.1:1/a 127.0.0.1:2/b");
    }

    static List<Block> blocks(Path repo) throws IOException {
        List<Block> found = new ArrayList<>();
        List<Path> readmes;
        try (Stream<Path> walk = Files.walk(repo, 2)) {
            readmes = walk.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.d2a/") && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        }
        for (Path readme : readmes) {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            Matcher m = FENCE.matcher(text);
            while (m.find()) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                found.add(new Block(readme, line, m.group(1)));
            }
        }
        return found;
    }

    /** The block's commands with continuation lines joined and blank lines dropped. */
    static List<String> logicalLines(String script) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuote = false;
        for (String raw : script.split("\n")) {
            current.append(current.length() > 0 ? "\n" : "").append(raw);
            // A line ends a command unless it continues with a backslash or a single-quoted string is still open.
            inQuote ^= (raw.chars().filter(c -> c == '\'').count() % 2) == 1;
            if (!raw.endsWith("\\") && !inQuote) {
                String command = current.toString().strip();
                if (!command.isEmpty()) {
                    lines.add(command);
                }
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            lines.add(current.toString().strip());
        }
        return lines;
    }

    static String rewritePorts(String script, Map<String, String> ports) {
        Matcher m = LOCAL_URL.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "127.0.0.1:" + ports.getOrDefault(m.group(1), m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String port(String url) {
        return url.substring(url.lastIndexOf(':') + 1).replaceAll("/.*", "");
    }

    private record Result(int exit, String output) {
    }

    private static Result bash(Path repo, String script, Path stackHome) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("D2A_HOME", stackHome.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
