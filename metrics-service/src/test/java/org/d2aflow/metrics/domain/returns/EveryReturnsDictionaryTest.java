package org.d2aflow.metrics.domain.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.LogFacts;

/**
 * Every registered return, whatever its kind: the header of the CSV it writes is, column for column, the table of its
 * section in the published RETURNS-COLUMNS.md, and its key columns lead the header. Each return's own test checks its
 * values; this one makes sure no return is added without its dictionary.
 */
class EveryReturnsDictionaryTest {

    private static final Map<ReturnPeriod.Kind, String> EXAMPLE = Map.of(ReturnPeriod.Kind.DAY, "2024-11-05", ReturnPeriod.Kind.MONTH,
            "2024-11", ReturnPeriod.Kind.QUARTER, "2024-25-Q3", ReturnPeriod.Kind.FINANCIAL_YEAR, "2024-25", ReturnPeriod.Kind.WEEK, "2024-W45");

    static Stream<NationalReturn> returns() {
        return NationalReturns.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("returns")
    void theCsvHeaderIsThePublishedDictionary(NationalReturn r) throws IOException {
        ReturnPeriod period = r.periodKind().parse(EXAMPLE.get(r.periodKind())).orElseThrow();
        ReturnTable table = r.compute(new LogFacts(), period, Instant.parse("2025-06-01T00:00:00Z"));
        String header = table.csv().substring(0, table.csv().indexOf("\r\n"));

        List<String> published = publishedColumns(Files.readString(Path.of("RETURNS-COLUMNS.md")), r.name());
        assertThat(published).as("columns of %s in RETURNS-COLUMNS.md", r.name()).isNotEmpty();
        assertThat(header).isEqualTo(String.join(",", published.stream().map(EveryReturnsDictionaryTest::csvField).toList()));
        assertThat(table.name()).isEqualTo(r.name());
        assertThat(table.layoutVersion()).isEqualTo(r.layoutVersion());
        assertThat(r.keyColumns()).isBetween(1, published.size());
    }

    /** The column names of one return's table, read from the markdown as a reader would. */
    static List<String> publishedColumns(String markdown, String name) {
        List<String> columns = new ArrayList<>();
        boolean inSection = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## " + name + ":");
                continue;
            }
            if (inSection && line.matches("\\| \\d+ \\| .*")) {
                String[] cells = line.substring(2).split(" (?<!\\\\)\\| ");
                columns.add(cells[1].replace("\\|", "|"));
            }
        }
        return columns;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
