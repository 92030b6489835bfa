package org.d2aflow.system.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.d2aflow.stack.Processes;
import org.d2aflow.stack.SystemPackages;

/**
 * The dashboards and alert rules of {@code deploy/monitoring}: every PromQL expression they hold, by where it is (a
 * panel's target, a rule), the metric names each one selects, and the rule files checked by Prometheus' own
 * {@code promtool}.
 */
public final class MonitoringAsCode {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private MonitoringAsCode() {
    }

    /** The expressions of a Grafana dashboard, keyed "dashboard FILE, panel 'TITLE' target REF"; rows' nested panels included. */
    public static Map<String, String> dashboardExpressions(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        collectPanels(JSON.readTree(file.toFile()).path("panels"), file.getFileName().toString(), out);
        if (out.isEmpty()) {
            throw new IllegalStateException(file + " has no panel with a PromQL expression");
        }
        return out;
    }

    private static void collectPanels(JsonNode panels, String file, Map<String, String> out) {
        for (JsonNode panel : panels) {
            collectPanels(panel.path("panels"), file, out);
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.put("dashboard " + file + ", panel '" + panel.path("title").asText() + "' target " + target.path("refId").asText(),
                            target.get("expr").asText());
                }
            }
        }
    }

    /** The expressions of a Prometheus rule file, keyed "rules FILE, alert NAME" (or "record NAME"). */
    public static Map<String, String> ruleExpressions(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? "alert " + rule.get("alert").asText() : "record " + rule.path("record").asText();
                out.put("rules " + file.getFileName() + ", " + name, rule.path("expr").asText());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(file + " has no rule");
        }
        return out;
    }

    /**
     * One line per metric that an expression names and no scrape exports ("PLACE: metric NAME is exported by no service"),
     * and per expression the tokenizer cannot read; empty when every name is exported.
     */
    public static List<String> unexported(Map<String, String> expressions, Set<String> exported) {
        List<String> problems = new ArrayList<>();
        expressions.forEach((place, expr) -> {
            Set<String> names;
            try {
                names = PromQlNames.of(expr);
            } catch (IllegalArgumentException e) {
                problems.add(place + ": " + e.getMessage());
                return;
            }
            if (names.isEmpty()) {
                problems.add(place + ": names no metric: " + expr);
            }
            for (String name : names) {
                if (!exported.contains(name)) {
                    problems.add(place + ": metric " + name + " is exported by no service");
                }
            }
        });
        return problems;
    }

    /** The series names in a Prometheus text exposition (the names of its sample lines: x, x_bucket, x_count, ...). */
    public static Set<String> seriesNames(String scrape) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /**
     * Runs {@code promtool check rules} on the file: the output when Prometheus accepts every rule, else an
     * {@link IllegalStateException} with promtool's report. Installs Debian's {@code prometheus} package (which brings
     * promtool) when it is missing and this process may (root); otherwise fails saying what to install.
     */
    public static String checkRules(Path file) {
        return promtool("promtool refuses " + file, "check", "rules", file.toAbsolutePath().toString());
    }

    /**
     * Runs {@code promtool test rules} on a rule test file (synthetic series, the alerts expected at given times, with
     * their labels and annotations): the output when every case passes, else an {@link IllegalStateException} with
     * promtool's report of what fired and what was expected.
     */
    public static String testRules(Path file) {
        // promtool finds the test's rule_files beside it.
        return promtool("promtool's unit tests of " + file + " fail", "test", "rules", file.toAbsolutePath().toString());
    }

    private static String promtool(String failure, String... args) {
        List<String> command = new ArrayList<>(List.of(promtool().toString()));
        command.addAll(List.of(args));
        try {
            return Processes.run(command, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the expressions as recording rules ({@code d2a:check:N}), so that promtool parses a dashboard's PromQL as
     * strictly as a rule's; the rule's name in the file is the place of its expression, in a comment above it.
     */
    public static Path asRecordingRules(Map<String, String> expressions, Path dir) throws IOException {
        StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboard-expressions\n    rules:\n");
        int n = 0;
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            yaml.append("      # ").append(e.getKey().replace('\n', ' ')).append('\n');
            yaml.append("      - record: d2a:check:").append(n++).append('\n');
            yaml.append("        expr: ").append(JSON.writeValueAsString(e.getValue())).append('\n');
        }
        Path file = dir.resolve("dashboard-expressions.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static synchronized Path promtool() {
        if (!Files.isExecutable(PROMTOOL)) {
            SystemPackages.install("prometheus", "the alert rules' check (promtool check rules)");
        }
        if (!Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException("apt-get installed prometheus but " + PROMTOOL + " is not there");
        }
        return PROMTOOL;
    }
}
