package org.d2aflow.placement.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.placement.domain.Attention;
import org.d2aflow.placement.domain.FollowUpSchedule;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A placement as the API shows it: the claim, the placement's state and version (also the ETag), what is
 * known of the referral (age, discharge as corrected or voided, withdrawal), the follow-up due date for reablement
 * and rehabilitation, the follow-up in force (corrected if it was), what the placement contradicts since its
 * discharge was corrected or voided, and (for a single placement) the audit of follow-up corrections and the event
 * history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlacementView(String placementId, String referralId, String serviceId, String serviceName, ServiceType serviceType,
        PlacementStatus status, long version, LocalDate plannedStartDate, LocalDate startDate, LocalDate endDate, EndReason endReason,
        Integer ageAtAdmission, LocalDate admissionDate, LocalDate dischargeDate, Instant dischargeCorrectedAt, Instant dischargeVoidedAt,
        Boolean referralWithdrawn, LocalDate followUpDueDate, Day91Status day91Status, LocalDate followUpObtainedOn,
        Instant followUpRecordedAt, String followUpEventId, Instant followUpCorrectedAt, String cancelledReason, Instant claimedAt,
        Instant updatedAt, List<Attention> attention, List<FollowUpCorrection> followUpCorrections, List<HistoryEntry> history) {

    /** One event of the placement's stream. */
    @Schema(name = "PlacementHistoryEntry")
    public record HistoryEntry(long version, String type, Instant recordedAt, String eventId, JsonNode data) {
    }

    /** The audit of one follow-up correction: which fact it amends, to what, who, why and when it was recorded. */
    @Schema(name = "FollowUpCorrectionAudit")
    public record FollowUpCorrection(String eventId, Instant recordedAt, String correctsEventId, Day91Status day91Status,
            LocalDate obtainedOn, String reason, String correctedBy) {
    }

    public static PlacementView of(PlacementRecord p, ReferralFactRecord r, List<EventEnvelope<D2aEvent>> history) {
        LocalDate discharge = r == null ? null : r.dischargeDate;
        LocalDate due = discharge != null && FollowUpSchedule.appliesTo(p.serviceType) ? FollowUpSchedule.dueDate(discharge) : null;
        List<Attention> attention = Attention.of(p.status, p.startDate, p.followUpObtainedOn, ReferralFactRecord.factsOf(r));
        return new PlacementView(p.placementId, p.referralId, p.serviceId, p.serviceName, p.serviceType, p.status, p.version,
                p.plannedStartDate, p.startDate, p.endDate, p.endReason,
                r == null ? null : r.ageAtAdmission, r == null ? null : r.admissionDate, discharge,
                r == null ? null : r.dischargeCorrectedAt, r == null ? null : r.dischargeVoidedAt, r == null || !r.withdrawn ? null : true,
                due, p.day91Status, p.followUpObtainedOn, p.followUpRecordedAt, p.followUpEventId, p.followUpCorrectedAt,
                p.cancelledReason, p.claimedAt, p.updatedAt, attention.isEmpty() ? null : attention,
                history == null || p.day91Status == null ? null : corrections(history),
                history == null ? null : history.stream()
                        .map(e -> new HistoryEntry(e.streamVersion(), e.type(), e.time(), e.id(), EventJson.toTree(e.event())))
                        .toList());
    }

    private static List<FollowUpCorrection> corrections(List<EventEnvelope<D2aEvent>> history) {
        return history.stream().filter(e -> e.event() instanceof FollowUpCorrected).map(e -> {
            FollowUpCorrected c = (FollowUpCorrected) e.event();
            return new FollowUpCorrection(e.id(), e.time(), c.correctsEventId(), c.day91Status(), c.obtainedOn(), c.reason(),
                    c.correctedBy());
        }).toList();
    }

    /** A page of placements. */
    @Schema(name = "PlacementPage")
    public record Page(List<PlacementView> items, int page, int size, long total) {
    }
}
