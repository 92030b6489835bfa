package org.d2aflow.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Command-line options of the form {@code --name value}; every benchmark declares which names it knows. */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String[] args, int from, Set<String> known) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected an option like --name value, got '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            values.put(name, value);
        }
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        // Underscores allowed so that 10_000_000 can be typed as in Java.
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }

    int intValue(String name, int fallback) {
        return Math.toIntExact(longValue(name, fallback));
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A duration in seconds ({@code 30}) or with a unit ({@code 30s}, {@code 2m}). */
    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        v = v.strip().toLowerCase();
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }
}
