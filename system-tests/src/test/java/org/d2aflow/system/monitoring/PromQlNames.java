package org.d2aflow.system.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression selects, found by a small tokenizer: it skips strings, label matchers
 * ({@code {...}}), ranges and subqueries ({@code [5m]}, {@code [1h:5m]}), numbers and durations, the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, function calls
 * (an identifier followed by {@code (}), aggregation operators and the other keywords, and Grafana variables
 * ({@code $name}). What is left is a metric name, as written ({@code x_bucket} stays {@code x_bucket}: the scrape is
 * checked for that series).
 */
public final class PromQlNames {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
            "or", "unless", "offset", "atan2", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio", "start", "end");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQlNames() {
    }

    /** The metric names in {@code expr}, in order of appearance; fails on an unbalanced bracket or an unclosed string. */
    public static Set<String> of(String expr) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        int depth = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
            } else if (c == '#') {
                // A comment runs to the end of the line.
                int eol = expr.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '{') {
                i = afterClosing(expr, i, '{', '}');
            } else if (c == '[') {
                i = afterClosing(expr, i, '[', ']');
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                // A number or a duration (5m, 1h30m, 1e3, 0x1f).
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (c == '$') {
                i++;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == '{'
                        || expr.charAt(i) == '}')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpace(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LISTS.contains(word)) {
                    if (call) {
                        i = afterClosing(expr, next, '(', ')');
                    }
                } else if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                    names.add(word);
                }
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')' && depth > 0) {
                depth--;
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                throw new IllegalArgumentException("unbalanced '" + c + "' at " + i + " in: " + expr);
            } else {
                // Operators, commas, parentheses.
                i++;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException(depth + " unclosed '(' in: " + expr);
        }
        return names;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int afterString(String s, int i) {
        char quote = s.charAt(i);
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\' && quote != '`') {
                j++;
            } else if (c == quote) {
                return j + 1;
            }
        }
        throw new IllegalArgumentException("unclosed string at " + i + " in: " + s);
    }

    private static int afterClosing(String s, int i, char open, char close) {
        int depth = 0;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'' || c == '`') {
                j = afterString(s, j) - 1;
            } else if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return j + 1;
            }
        }
        throw new IllegalArgumentException("no '" + close + "' closes the '" + open + "' at " + i + " in: " + s);
    }
}
