package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.XlsxCells;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnColumn;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.domain.returns.Xlsx;
import org.junit.jupiter.api.Test;

/** Any return as xlsx: byte-reproducible, and read back with POI it holds the CSV's header and values. */
class XlsxReturnTest {

    private static ReturnTable ascof() {
        return NationalReturns.byName("ascof-reablement").orElseThrow().compute(AscofReablementReturnTest.log().facts(),
                ReturnPeriod.Kind.FINANCIAL_YEAR.parse("2024-25").orElseThrow(), Instant.parse("2025-03-31T12:00:00Z"));
    }

    /** Text that looks nearly numeric, CSV-quoted text, negatives, decimals and empty cells. */
    private static ReturnTable awkward() {
        List<ReturnColumn> columns = List.of(new ReturnColumn("Code", "a code"), new ReturnColumn("Label, quoted", "text"),
                new ReturnColumn("Count", "a count"), new ReturnColumn("Average", "2 places"), new ReturnColumn("Share (%)", "1 place"));
        return ReturnTable.withoutSources("awkward", "1", columns, List.of(
                List.of("01", "a \"quoted\", comma", "-3", "9.80", ""),
                List.of("2024-25", "65-74", "0", "0.00", "100.0"),
                List.of("85+", "", "123456789012345", "-0.5", "1e3")));
    }

    @Test
    void theSameTableGivesTheSameBytesAtAnotherTimeAndInAnotherZone() throws Exception {
        byte[] first = Xlsx.of(ascof());
        TimeZone zone = TimeZone.getDefault();
        byte[] second;
        try {
            Thread.sleep(2_100); // past the 2-second resolution of zip entry times
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
            second = Xlsx.of(ascof());
        } finally {
            TimeZone.setDefault(zone);
        }

        assertThat(second).isEqualTo(first);
        assertThat(Xlsx.of(awkward())).isEqualTo(Xlsx.of(awkward())).isNotEqualTo(first);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(first))) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                assertThat(e.getTimeLocal()).as(e.getName()).hasToString("2000-01-01T00:00");
            }
            assertThat(names).contains("[Content_Types].xml", "docProps/core.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml");
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(first))) {
            var core = wb.getProperties().getCoreProperties();
            assertThat(core.getCreated().toInstant()).isEqualTo(Xlsx.FIXED_TIME);
            assertThat(core.getModified().toInstant()).isEqualTo(Xlsx.FIXED_TIME);
            assertThat(wb.getSheetName(0)).isEqualTo("ascof-reablement");
        }
    }

    @Test
    void readBackItHoldsTheCsvHeaderAndValues() throws IOException {
        for (ReturnTable t : List.of(ascof(), awkward())) {
            assertThat(XlsxCells.of(Xlsx.of(t))).as(t.name()).isEqualTo(csvCells(t));
        }
    }

    @Test
    void numbersAreNumericCellsAndEverythingElseText() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(Xlsx.of(awkward())))) {
            XSSFSheet s = wb.getSheetAt(0);
            assertThat(s.getRow(1).getCell(0).getCellType()).isEqualTo(CellType.STRING); // "01" keeps its zero
            assertThat(s.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(-3.0);
            assertThat(s.getRow(1).getCell(3).getNumericCellValue()).isEqualTo(9.8);
            assertThat(s.getRow(1).getCell(4)).isNull();
            assertThat(s.getRow(2).getCell(0).getCellType()).isEqualTo(CellType.STRING); // 2024-25
            assertThat(s.getRow(2).getCell(1).getCellType()).isEqualTo(CellType.STRING); // 65-74
            assertThat(s.getRow(2).getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(s.getRow(3).getCell(2).getNumericCellValue()).isEqualTo(123456789012345.0);
            assertThat(s.getRow(3).getCell(4).getCellType()).isEqualTo(CellType.STRING); // 1e3 is not written as a number
        }
    }

    /** The CSV as served, parsed back (RFC 4180: quoted fields may hold commas and doubled quotes). */
    private static List<List<String>> csvCells(ReturnTable t) {
        List<List<String>> out = new ArrayList<>();
        for (String line : t.csv().split("\r\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = !quoted;
                } else if (ch == ',' && !quoted) {
                    fields.add(f.toString());
                    f.setLength(0);
                } else {
                    f.append(ch);
                }
            }
            fields.add(f.toString());
            out.add(fields);
        }
        return out;
    }
}
