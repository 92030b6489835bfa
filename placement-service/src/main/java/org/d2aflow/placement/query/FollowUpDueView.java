package org.d2aflow.placement.query;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.domain.FollowUpSchedule;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.query.FollowUpQueries.Due;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A 91-day follow-up to make: whom (referral, age), through which placement and service, when it fell due and
 * how many days it is overdue today (0 on the due date and for dates still to come).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "DueFollowUp")
public record FollowUpDueView(String referralId, String placementId, String serviceId, String serviceName, ServiceType serviceType,
        PlacementStatus placementStatus, Integer ageAtAdmission, LocalDate dischargeDate, LocalDate dueDate, long daysOverdue) {

    static FollowUpDueView of(Due due, LocalDate today) {
        LocalDate dueDate = FollowUpSchedule.dueDate(due.referral().dischargeDate);
        return new FollowUpDueView(due.placement().referralId, due.placement().placementId, due.placement().serviceId,
                due.placement().serviceName, due.placement().serviceType, due.placement().status, due.referral().ageAtAdmission,
                due.referral().dischargeDate, dueDate, Math.max(0, ChronoUnit.DAYS.between(dueDate, today)));
    }

    /** A page of due follow-ups, as of {@code today}, due on or before {@code onOrBefore}. */
    @Schema(name = "DueFollowUpPage")
    public record Page(List<FollowUpDueView> items, LocalDate onOrBefore, LocalDate today, int page, int size, long total) {
    }
}
