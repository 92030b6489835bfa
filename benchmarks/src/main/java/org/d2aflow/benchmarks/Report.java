package org.d2aflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The closing lines of a benchmark: each figure next to its baseline from the same run, and their ratio. */
final class Report {

    private record Line(String what, double figure, double baseline, String unit, String note) {
    }

    private final String benchmark;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> context = new ArrayList<>();

    Report(String benchmark) {
        this.benchmark = benchmark;
    }

    Report compare(String what, double figure, double baseline, String unit, String note) {
        lines.add(new Line(what, figure, baseline, unit, note));
        return this;
    }

    Report context(String text) {
        context.add(text);
        return this;
    }

    /** A context line at {@code index} among those added so far. */
    Report context(int index, String text) {
        context.add(index, text);
        return this;
    }

    void print() {
        System.out.print(render());
        System.out.flush();
    }

    /** The closing block as printed. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append('\n').append("== ").append(benchmark).append(" ==\n");
        for (String c : context) {
            out.append("  ").append(c).append('\n');
        }
        for (Line l : lines) {
            String ratio = l.baseline() == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", l.figure() / l.baseline());
            out.append(String.format(Locale.ROOT, "  %-34s figure %s %s | baseline %s %s | ratio figure/baseline %s%n", l.what(),
                    number(l.figure()), l.unit(), number(l.baseline()), l.unit(), ratio));
            if (l.note() != null && !l.note().isEmpty()) {
                out.append("      baseline: ").append(l.note()).append('\n');
            }
        }
        return out.toString();
    }

    static String number(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Progress lines, timestamped so that a long run can be followed in a log. */
    static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT  " + format + "%n", prepend(System.currentTimeMillis(), args));
        System.out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
