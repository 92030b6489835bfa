package org.d2aflow.metrics.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.domain.returns.Xlsx;

/** A return as an xlsx download, for {@link ReturnsResource} when the client accepts a spreadsheet by name. */
final class XlsxReturns {

    static final String XLSX = Xlsx.MEDIA_TYPE;
    private static final MediaType XLSX_TYPE = MediaType.valueOf(XLSX);

    private XlsxReturns() {
    }

    /** Whether the Accept header names the xlsx type itself (a wildcard keeps the CSV). */
    static boolean wanted(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> !t.isWildcardType() && !t.isWildcardSubtype()
                && t.isCompatible(XLSX_TYPE));
    }

    /** The workbook, named {@code <name>-<period>.xlsx}. */
    static Response response(NationalReturn r, ReturnPeriod p, ReturnTable table) {
        return Response.ok(Xlsx.of(table), XLSX_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + r.name() + "-" + p.label() + ".xlsx\"").build();
    }
}
