package org.d2aflow.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a Prometheus or OpenMetrics text exposition: the HELP text of each metric family. */
public final class MetricsScrape {

    private MetricsScrape() {
    }

    /** Metric family name to HELP text, for the families whose name starts with {@code prefix}. */
    public static Map<String, String> helpLines(String scrape, String prefix) {
        Map<String, String> help = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String rest = line.substring("# HELP ".length());
                int space = rest.indexOf(' ');
                String name = space < 0 ? rest : rest.substring(0, space);
                String text = space < 0 ? "" : rest.substring(space + 1).strip();
                if (name.startsWith(prefix)) {
                    help.put(name, text);
                }
            }
        }
        return help;
    }

    /** The families whose name starts with {@code prefix} and whose HELP text is empty. */
    public static List<String> withoutHelp(String scrape, String prefix) {
        List<String> offenders = new ArrayList<>();
        helpLines(scrape, prefix).forEach((name, text) -> {
            if (text.isEmpty()) {
                offenders.add(name);
            }
        });
        return offenders;
    }

    /** The value of the first sample of {@code name} whose label set contains {@code labels} (empty for any). */
    public static double sample(String scrape, String name, String labels) {
        for (String line : scrape.split("\n")) {
            boolean bare = line.startsWith(name + " ");
            boolean labelled = line.startsWith(name + "{") && line.contains(labels);
            if (bare || labelled) {
                String rest = bare ? line.substring(name.length()) : line.substring(line.lastIndexOf('}') + 1);
                return Double.parseDouble(rest.strip().split(" ")[0]);
            }
        }
        throw new AssertionError("no sample of " + name + " in the scrape");
    }

    /** The sum of the samples of {@code name} whose label set contains every one of {@code labels} ({@code status="409"}); 0 if none. */
    public static double sum(String scrape, String name, String... labels) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).strip().split(" ")[0]);
            } else if (line.startsWith(name + " ") && labels.length == 0) {
                total += Double.parseDouble(line.substring(name.length()).strip().split(" ")[0]);
            }
        }
        return total;
    }
}
