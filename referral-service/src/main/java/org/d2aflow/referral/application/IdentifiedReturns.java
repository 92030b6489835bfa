package org.d2aflow.referral.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.referral.infrastructure.IdentityExport;
import org.d2aflow.referral.infrastructure.MetricsReturnsClient;
import org.d2aflow.referral.infrastructure.PatientIdentity;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * National returns with NHS numbers, made only here: metrics-service computes a return pseudonymised (the patient key in
 * {@code LA_Person_Unique_Identifier}, {@code NHS_Number} empty), and this service fills {@code NHS_Number} from the
 * identities it holds. The lookup and the audit row are one transaction: no NHS number leaves without its trace.
 */
@ApplicationScoped
public class IdentifiedReturns {

    /** The column the pseudonymised return leaves empty and this service fills. */
    public static final String NHS_NUMBER = "NHS_Number";
    /** The column holding the patient key (the pseudonym of the NHS number). */
    public static final String PERSON_KEY = "LA_Person_Unique_Identifier";

    private static final Logger LOG = Logger.getLogger(IdentifiedReturns.class);

    /** Who asks, for which organisation, and why (the audit's fields). */
    public record Request(String returnName, String period, Instant asKnownAt, String exporter, String organisation, String reason,
            String authorization) {
    }

    /** What came of an export. */
    public sealed interface Outcome {
    }

    /** The return with NHS numbers, and the audit row that recorded it. */
    public record Exported(String csv, String filename, long auditId, int rows, int identifiedRows, int unmatchedRows, int nhsNumbers)
            implements Outcome {
    }

    /** metrics-service refused the request (its 4xx problem, passed on unchanged). */
    public record Refused(int status, String contentType, String body) implements Outcome {
    }

    /** metrics-service is away, overloaded or did not answer in time: try again later. */
    public record Unavailable(String detail) implements Outcome {
    }

    /** metrics-service answered something that is not the return expected. */
    public record BadAnswer(String detail) implements Outcome {
    }

    @Inject
    MetricsReturnsClient metrics;

    @Inject
    ReferralMetrics counters;

    @Inject
    Clock clock;

    public Outcome export(Request request) {
        MetricsReturnsClient.Answer answer;
        try {
            answer = metrics.fetch(request.returnName(), request.period(), request.asKnownAt(), request.authorization());
        } catch (MetricsReturnsClient.UnreachableException e) {
            LOG.warnf("Identified %s export: %s", request.returnName(), e.getMessage());
            return new Unavailable("metrics-service, which computes the return, cannot be reached just now");
        }
        if (answer.status() >= 500) {
            LOG.warnf("Identified %s export: metrics-service answered %d", request.returnName(), answer.status());
            return new Unavailable("metrics-service, which computes the return, answered " + answer.status());
        }
        if (answer.status() == 400 && answer.contentType().startsWith("application/problem+json")) {
            return new Refused(answer.status(), answer.contentType(), answer.body());
        }
        if (answer.status() != 200 || !answer.contentType().startsWith("text/csv")) {
            LOG.warnf("Identified %s export: metrics-service answered %d %s", request.returnName(), answer.status(), answer.contentType());
            return new BadAnswer("metrics-service answered " + answer.status() + " (" + answer.contentType() + "), not the return as CSV");
        }
        CsvTable table;
        try {
            table = CsvTable.parse(answer.body());
        } catch (IllegalArgumentException e) {
            return new BadAnswer("the return from metrics-service is not well-formed CSV: " + e.getMessage());
        }
        int nhs = table.column(NHS_NUMBER);
        int key = table.column(PERSON_KEY);
        if (nhs < 0 || key < 0) {
            return new BadAnswer("the return from metrics-service has no " + (nhs < 0 ? NHS_NUMBER : PERSON_KEY) + " column");
        }
        return QuarkusTransaction.requiringNew().call(() -> identify(request, table, nhs, key));
    }

    /** Fills NHS_Number from the patient keys, and records the export, in the caller's transaction. */
    private Exported identify(Request request, CsvTable table, int nhs, int key) {
        Set<String> keys = new LinkedHashSet<>();
        table.rows().forEach(r -> {
            if (!r.get(key).isBlank()) {
                keys.add(r.get(key).strip());
            }
        });
        Map<String, String> numbers = PatientIdentity.nhsNumbersByPatientKey(keys);
        List<List<String>> rows = new ArrayList<>();
        Set<String> exposed = new HashSet<>();
        int unmatched = 0;
        for (List<String> row : table.rows()) {
            List<String> filled = new ArrayList<>(row);
            String number = numbers.get(row.get(key).strip());
            if (number == null) {
                unmatched++;
                filled.set(nhs, "");
            } else {
                exposed.add(number);
                filled.set(nhs, number);
            }
            rows.add(filled);
        }
        IdentityExport audit = new IdentityExport();
        audit.exportedAt = clock.instant();
        audit.exporter = request.exporter();
        audit.organisation = request.organisation();
        audit.returnName = request.returnName();
        audit.period = request.period();
        audit.asKnownAt = request.asKnownAt();
        audit.reason = request.reason();
        audit.nhsNumbers = exposed.size();
        audit.rowsTotal = rows.size();
        audit.rowsIdentified = rows.size() - unmatched;
        audit.rowsUnmatched = unmatched;
        audit.persist();
        counters.identityExported();
        return new Exported(new CsvTable(table.header(), rows).text(), request.returnName() + "-" + request.period() + "-with-nhs-numbers.csv",
                audit.id, rows.size(), rows.size() - unmatched, unmatched, exposed.size());
    }
}
