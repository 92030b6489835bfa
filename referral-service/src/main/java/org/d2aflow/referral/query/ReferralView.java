package org.d2aflow.referral.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.referral.domain.ReferralStatus;
import org.d2aflow.referral.infrastructure.ReferralRecord;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A referral as the API shows it: state, version and (for a single referral) its event history. No identity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferralView(String id, long version, ReferralStatus status, String patientKey, int ageAtAdmission, Sex sex,
        String locality, String site, String ward, LocalDate admissionDate, UsualResidence usualResidence,
        LocalDate dischargeReadyDate, Pathway pathway, ServiceType serviceType, LocalDate decidedAt, LocalDate dischargeDate,
        String destinationCode, String methodCode, String withdrawnReason, String admissionMethod, DelayReason delayReason,
        Instant createdAt, Instant updatedAt, List<HistoryEntry> history) {

    /** The reason for delay from the latest date given: the code list and version it was recorded under, and the code. */
    @Schema(name = "ReferralDelayReason")
    public record DelayReason(String listId, int listVersion, String code, LocalDate effectiveFrom) {
    }

    /**
     * One event of the referral's stream, oldest first. A correction says which fact it corrects, by whom and why
     * ({@code corrects}); a fact that a later correction replaced or voided names that correction ({@code supersededBy}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ReferralHistoryEntry")
    public record HistoryEntry(long version, String type, Instant recordedAt, String eventId, JsonNode data, Corrects corrects,
            String supersededBy) {
    }

    /** The fact a correction corrects (its CloudEvents id, type and version), who corrected it (token subject) and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Corrects(String eventId, String type, Long version, String correctedBy, String reason) {
    }

    public static ReferralView of(ReferralRecord r, List<EventEnvelope<D2aEvent>> history) {
        return new ReferralView(r.id, r.version, r.status, r.patientKey, r.ageAtAdmission, r.sex, r.locality, r.site, r.ward,
                r.admissionDate, r.usualResidence, r.dischargeReadyDate, r.pathway, r.serviceType, r.decidedAt, r.dischargeDate,
                r.destinationCode, r.methodCode, r.withdrawnReason, r.admissionMethod,
                r.delayReasonCode == null ? null : new DelayReason(r.delayReasonList, r.delayReasonListVersion, r.delayReasonCode,
                        r.delayReasonFrom),
                r.createdAt, r.updatedAt,
                history == null ? null : history(history));
    }

    private static List<HistoryEntry> history(List<EventEnvelope<D2aEvent>> events) {
        Map<String, EventEnvelope<D2aEvent>> byId = new HashMap<>();
        Map<String, String> supersededBy = new HashMap<>();
        for (EventEnvelope<D2aEvent> e : events) {
            byId.put(e.id(), e);
            correctionOf(e.event()).ifPresent(c -> supersededBy.put(c.correctsEventId(), e.id()));
        }
        return events.stream().map(e -> new HistoryEntry(e.streamVersion(), e.type(), e.time(), e.id(), EventJson.toTree(e.event()),
                correctionOf(e.event()).map(c -> {
                    // Always in the stream (the service names its own events); were it not, the id alone is still shown.
                    EventEnvelope<D2aEvent> corrected = byId.get(c.correctsEventId());
                    return new Corrects(c.correctsEventId(), corrected == null ? null : corrected.type(),
                            corrected == null ? null : corrected.streamVersion(), c.correctedBy(), c.reason());
                }).orElse(null),
                supersededBy.get(e.id()))).toList();
    }

    /** What the referral's correction events share. */
    private record Correction(String correctsEventId, String correctedBy, String reason) {
    }

    private static Optional<Correction> correctionOf(D2aEvent event) {
        if (event instanceof DischargeCorrected c) {
            return Optional.of(new Correction(c.correctsEventId(), c.correctedBy(), c.reason()));
        } else if (event instanceof DischargeVoided c) {
            return Optional.of(new Correction(c.correctsEventId(), c.correctedBy(), c.reason()));
        } else if (event instanceof DischargeReadyDateCorrected c) {
            return Optional.of(new Correction(c.correctsEventId(), c.correctedBy(), c.reason()));
        }
        return Optional.empty();
    }

    /** A page of referrals. */
    @Schema(name = "ReferralPage")
    public record Page(List<ReferralView> items, int page, int size, long total) {
    }
}
