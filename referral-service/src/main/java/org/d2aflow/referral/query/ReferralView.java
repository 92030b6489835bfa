package org.d2aflow.referral.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.referral.domain.ReferralStatus;
import org.d2aflow.referral.infrastructure.ReferralRecord;

/** A referral as the API shows it: state, version and (for a single referral) its event history. No identity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferralView(String id, long version, ReferralStatus status, String patientKey, int ageAtAdmission, Sex sex,
        String locality, String site, String ward, LocalDate admissionDate, UsualResidence usualResidence,
        LocalDate dischargeReadyDate, Pathway pathway, ServiceType serviceType, LocalDate decidedAt, LocalDate dischargeDate,
        String destinationCode, String methodCode, String withdrawnReason, Instant createdAt, Instant updatedAt,
        List<HistoryEntry> history) {

    /** One event of the referral's stream. */
    public record HistoryEntry(long version, String type, Instant recordedAt, String eventId, JsonNode data) {
    }

    public static ReferralView of(ReferralRecord r, List<EventEnvelope<D2aEvent>> history) {
        return new ReferralView(r.id, r.version, r.status, r.patientKey, r.ageAtAdmission, r.sex, r.locality, r.site, r.ward,
                r.admissionDate, r.usualResidence, r.dischargeReadyDate, r.pathway, r.serviceType, r.decidedAt, r.dischargeDate,
                r.destinationCode, r.methodCode, r.withdrawnReason, r.createdAt, r.updatedAt,
                history == null ? null : history.stream()
                        .map(e -> new HistoryEntry(e.streamVersion(), e.type(), e.time(), e.id(), EventJson.toTree(e.event())))
                        .toList());
    }

    /** A page of referrals. */
    public record Page(List<ReferralView> items, int page, int size, long total) {
    }
}
