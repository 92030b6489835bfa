package org.d2aflow.referral.application;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A CSV file as RFC 4180 writes it: a header line, then one line per row, fields separated by commas, lines ended by CRLF,
 * a field quoted when it holds a comma, a quote or a line break (a quote inside doubled). Read leniently about line ends
 * (a bare LF ends a line too), strictly about shape: every row has as many fields as the header.
 */
record CsvTable(List<String> header, List<List<String>> rows) {

    /** The table a CSV text holds; IllegalArgumentException naming the line when it is not well formed. */
    static CsvTable parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                lines.add(fields);
                fields = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                continue;
            } else if (wasQuoted) {
                throw new IllegalArgumentException("line " + (lines.size() + 1) + ": text after a closing quote");
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + (lines.size() + 1) + ": a quoted field is not closed");
        }
        if (!field.isEmpty() || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            lines.add(fields);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no header line");
        }
        List<String> header = lines.get(0);
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).size() != header.size()) {
                throw new IllegalArgumentException("line " + (n + 1) + " has " + lines.get(n).size() + " fields, the header "
                        + header.size());
            }
        }
        return new CsvTable(List.copyOf(header), lines.subList(1, lines.size()).stream().map(List::copyOf).toList());
    }

    /** Where a column is, or -1. */
    int column(String name) {
        return header.indexOf(name);
    }

    /** The text: header and rows, each line ended by CRLF. */
    String text() {
        StringBuilder sb = new StringBuilder(line(header));
        rows.forEach(r -> sb.append(line(r)));
        return sb.toString();
    }

    private static String line(List<String> fields) {
        return fields.stream().map(CsvTable::field).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\r") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
