package org.d2aflow.placement.api;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the placement API. Shape rules live here; rules between values and state live in the domain. */
public final class PlacementRequests {

    private PlacementRequests() {
    }

    /** The most a correction's reason may hold. */
    static final int MAX_REASON = 200;

    @Schema(description = "The day the person started receiving the service: not before the hospital discharge date, not in the "
            + "future, and within the late-entry window (default 90 days back)")
    public record Start(@Schema(examples = "2026-11-10") @NotNull LocalDate startDate) {
    }

    @Schema(description = "The day the service ended and what the person went on to")
    public record End(
            @Schema(description = "Not before the start date, not in the future, within the late-entry window (default 90 days back)",
                    examples = "2026-12-08") @NotNull LocalDate endDate,
            @Schema(examples = "NO_ONGOING_SUPPORT") @NotNull EndReason endReason) {
    }

    @Schema(description = "Where the person was 91 days after hospital discharge; AT_HOME, EXTRA_CARE_HOUSING and SHARED_LIVES "
            + "count as still at home")
    public record FollowUp(@Schema(examples = "AT_HOME") @NotNull Day91Status day91Status,
            @Schema(description = OBTAINED_ON_DOC + "; today when left out", examples = "2027-02-10") LocalDate obtainedOn,
            @Schema(description = STATUS_SINCE_DOC, examples = "2027-01-20") LocalDate statusSince) {
    }

    @Schema(description = "A correction of the follow-up in force: the status and date that should have been recorded, and why")
    public record FollowUpCorrection(@Schema(examples = "CARE_HOME") @NotNull Day91Status day91Status,
            @Schema(description = OBTAINED_ON_DOC + "; the date in force when left out (a date kept is not held to the window)",
                    examples = "2027-02-10") LocalDate obtainedOn,
            @Schema(description = "Why the follow-up is corrected; kept in the audit with who corrected it",
                    examples = "Status typed against the wrong person: she moved to a care home on day 80")
            @NotBlank @Size(max = MAX_REASON) String reason,
            @Schema(description = STATUS_SINCE_DOC + "; a correction restates it (left out, the corrected follow-up has none)",
                    examples = "2027-01-20") LocalDate statusSince) {
    }

    private static final String STATUS_SINCE_DOC = "Optional, for DIED and CARE_HOME only: the day the status began (date of death, "
            + "of admission to residential or nursing care), on or after the hospital discharge and not after obtainedOn";

    private static final String OBTAINED_ON_DOC = "The day the status was obtained: on or after day 91 (discharge date + 91 days) "
            + "and the placement's start, not in the future, within the late-entry window (default 90 days back)";
}
