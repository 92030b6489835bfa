package org.d2aflow.metrics.domain.returns;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 text: comma-separated, CRLF line ends, a field quoted only when it holds a comma, quote or line break. */
public final class Csv {

    private Csv() {
    }

    /** The header line and one line per row, each ended by CRLF. */
    public static String of(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(line(header));
        rows.forEach(r -> sb.append(line(r)));
        return sb.toString();
    }

    static String line(List<String> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\r") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** {@code numerator / denominator} rounded half up to {@code scale} places (times 100 when a percentage); empty when the denominator is 0. */
    static String ratio(long numerator, long denominator, int scale, boolean percent) {
        if (denominator == 0) {
            return "";
        }
        BigDecimal n = BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(percent ? 100 : 1));
        return n.divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP).toPlainString();
    }
}
