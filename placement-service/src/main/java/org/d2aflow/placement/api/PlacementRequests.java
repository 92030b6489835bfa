package org.d2aflow.placement.api;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the placement API. Shape rules live here; rules between values and state live in the domain. */
public final class PlacementRequests {

    private PlacementRequests() {
    }

    @Schema(description = "The day the person started receiving the service: not before the hospital discharge date, not in the future")
    public record Start(@Schema(examples = "2026-11-10") @NotNull LocalDate startDate) {
    }

    @Schema(description = "The day the service ended and what the person went on to")
    public record End(
            @Schema(description = "Not before the start date, not in the future", examples = "2026-12-08") @NotNull LocalDate endDate,
            @Schema(examples = "NO_ONGOING_SUPPORT") @NotNull EndReason endReason) {
    }

    @Schema(description = "Where the person was 91 days after hospital discharge; AT_HOME, EXTRA_CARE_HOUSING and SHARED_LIVES "
            + "count as still at home")
    public record FollowUp(@Schema(examples = "AT_HOME") @NotNull Day91Status day91Status) {
    }
}
