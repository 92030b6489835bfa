package org.d2aflow.metrics.domain.returns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A return as an xlsx workbook (Office Open XML, written with Apache POI): one sheet named after the return, the CSV's header
 * in row 1 and its rows below, a number as a numeric cell shown with the CSV's decimal places, anything else as a shared
 * string. Reproducible: the same table gives the same bytes whenever and wherever it is written, as the zip entries' times
 * and the document's created and modified dates are fixed ({@link #FIXED_TIME}) and everything else is written in order.
 */
public final class Xlsx {

    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /**
     * The time written into every zip entry and as the workbook's created and modified dates: 1 January 2000, 00:00 UTC (a zip
     * time of 1 January 1980, 00:00 would be taken by java.util.zip as "before 1980" and written with a zone-dependent
     * extended timestamp).
     */
    public static final Instant FIXED_TIME = Instant.parse("2000-01-01T00:00:00Z");

    /** A CSV value written as a number: no leading zero (codes such as "01" stay text), at most 15 significant digits. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d{0,14})(\\.\\d{1,6})?");

    private Xlsx() {
    }

    /** The workbook's bytes. */
    public static byte[] of(ReturnTable table) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            var core = wb.getProperties().getCoreProperties();
            core.setCreated(Optional.of(Date.from(FIXED_TIME)));
            core.setModified(Optional.of(Date.from(FIXED_TIME)));
            core.setCreator("D2A Flow");
            core.setTitle(table.name() + " (layout version " + table.layoutVersion() + ")");
            XSSFSheet sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(table.name()));
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            XSSFRow header = sheet.createRow(0);
            for (int c = 0; c < table.columns().size(); c++) {
                XSSFCell cell = header.createCell(c);
                cell.setCellValue(table.columns().get(c).name());
                cell.setCellStyle(bold);
            }
            Map<Integer, CellStyle> decimals = new HashMap<>();
            List<List<String>> rows = table.rows();
            for (int r = 0; r < rows.size(); r++) {
                XSSFRow row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String v = rows.get(r).get(c);
                    if (v.isEmpty()) {
                        continue;
                    }
                    XSSFCell cell = row.createCell(c);
                    if (NUMBER.matcher(v).matches()) {
                        cell.setCellValue(Double.parseDouble(v));
                        int places = v.indexOf('.') < 0 ? 0 : v.length() - v.indexOf('.') - 1;
                        cell.setCellStyle(decimals.computeIfAbsent(places, p -> {
                            CellStyle s = wb.createCellStyle();
                            s.setDataFormat(wb.createDataFormat().getFormat(p == 0 ? "0" : "0." + "0".repeat(p)));
                            return s;
                        }));
                    } else {
                        cell.setCellValue(v);
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return fixedTimes(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same zip, entry by entry in the same order, with every entry's time set to {@link #FIXED_TIME}. */
    private static byte[] fixedTimes(byte[] zip) throws IOException {
        LocalDateTime fixed = LocalDateTime.ofInstant(FIXED_TIME, ZoneOffset.UTC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTimeLocal(fixed);
                z.putNextEntry(copy);
                in.transferTo(z);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
