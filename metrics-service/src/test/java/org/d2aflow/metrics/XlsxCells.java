package org.d2aflow.metrics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Reads a workbook back with Apache POI, as a spreadsheet user would see it. */
public final class XlsxCells {

    private XlsxCells() {
    }

    /** Every row of the first sheet, as wide as its first row, each cell as Excel shows it (empty when absent). */
    public static List<List<String>> of(byte[] xlsx) throws IOException {
        DataFormatter shown = new DataFormatter();
        List<List<String>> out = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            int width = sheet.getRow(0).getLastCellNum();
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                XSSFRow row = sheet.getRow(r);
                List<String> values = new ArrayList<>();
                for (int c = 0; c < width; c++) {
                    XSSFCell cell = row == null ? null : row.getCell(c);
                    values.add(cell == null ? "" : shown.formatCellValue(cell));
                }
                out.add(values);
            }
        }
        return out;
    }
}
