package org.d2aflow.referral.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.d2aflow.referral.infrastructure.IdentityExport;
import org.d2aflow.referral.infrastructure.IdentityRead;

import io.quarkus.panache.common.Sort;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Reads of the identity audit: every read of a patient's identity, and every export of a return with NHS numbers, oldest first. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class IdentityAuditQueries {

    /** One audited read. */
    @Schema(name = "IdentityRead")
    public record Entry(long id, Instant readAt, String reader, String organisation, String referralId, String reason) {
    }

    /** A page of the audit. */
    @Schema(name = "IdentityReadPage")
    public record Page(List<Entry> items, int page, int size, long total) {
    }

    /** One audited export of a national return with NHS numbers. */
    @Schema(name = "IdentityExport")
    public record ExportEntry(long id, Instant exportedAt, String exporter, String organisation, String returnName, String period,
            Instant asKnownAt, String reason,
            @Schema(description = "Distinct NHS numbers the export carried") int nhsNumbers,
            int rows,
            @Schema(description = "Rows whose NHS_Number was filled in") int identifiedRows,
            @Schema(description = "Rows whose patient key is not known to referral-service (NHS_Number left empty)") int unmatchedRows) {
    }

    /** A page of the export audit. */
    @Schema(name = "IdentityExportPage")
    public record ExportPage(List<ExportEntry> items, int page, int size, long total) {
    }

    /** Exports by one exporter, organisation or of one return when given (blank means any). */
    public ExportPage exports(String exporter, String organisation, String returnName, int page, int size) {
        Where w = Where.of("exporter", exporter, "organisation", organisation, "returnName", returnName);
        var query = IdentityExport.<IdentityExport>find(w.query(), Sort.ascending("id"), w.params());
        List<ExportEntry> items = query.page(page, size).list().stream()
                .map(e -> new ExportEntry(e.id, e.exportedAt, e.exporter, e.organisation, e.returnName, e.period, e.asKnownAt, e.reason,
                        e.nhsNumbers, e.rowsTotal, e.rowsIdentified, e.rowsUnmatched)).toList();
        return new ExportPage(items, page, size, query.count());
    }

    /** Reads for one referral, reader or organisation when given (blank means any). */
    public Page list(String referralId, String reader, String organisation, int page, int size) {
        Where w = Where.of("referralId", referralId, "reader", reader, "organisation", organisation);
        var query = IdentityRead.<IdentityRead>find(w.query(), Sort.ascending("id"), w.params());
        List<Entry> items = query.page(page, size).list().stream()
                .map(r -> new Entry(r.id, r.readAt, r.reader, r.organisation, r.referralId, r.reason)).toList();
        return new Page(items, page, size, query.count());
    }

    /** An equality filter on each field given a value (blank means any), as a Panache query and its parameters. */
    private record Where(String query, Map<String, Object> params) {
        static Where of(String... fieldsAndValues) {
            List<String> where = new ArrayList<>();
            Map<String, Object> params = new HashMap<>();
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                String field = fieldsAndValues[i];
                String value = fieldsAndValues[i + 1];
                if (value != null && !value.isBlank()) {
                    where.add(field + " = :" + field);
                    params.put(field, value.strip());
                }
            }
            return new Where(where.isEmpty() ? "1 = 1" : String.join(" and ", where), params);
        }
    }
}
