package org.d2aflow.contracts.placement;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/**
 * A 91-day follow-up recorded wrongly is amended: the status and date here replace those of the follow-up named by
 * {@code correctsEventId}. The original stays on the log; figures as known before this event still show it.
 * {@code statusSince} (optional, added compatibly) is the business date the status began, given only for {@code DIED}
 * (the date of death) and {@code CARE_HOME} (the date of admission to residential or nursing care) and not after the
 * date the status was obtained: with it a death or care-home admission after the placement ended is a dated fact.
 *
 * @param correctsEventId the CloudEvents id of the follow-up (or of its latest correction) being corrected
 * @param reason          why, in the words of the person correcting
 * @param correctedBy     who corrected it: the subject of their token (a member of staff, never a patient)
 */
public record FollowUpCorrected(String referralId, String placementId, String correctsEventId, Day91Status day91Status,
        LocalDate obtainedOn, String reason, String correctedBy, LocalDate statusSince) implements PlacementEvent {

    public static final String TYPE = "d2a.placement.follow-up-corrected.v1";

    public FollowUpCorrected {
        Require.text(referralId, "referralId");
        Require.text(placementId, "placementId");
        Require.text(correctsEventId, "correctsEventId");
        Require.present(day91Status, "day91Status");
        Require.present(obtainedOn, "obtainedOn");
        Require.text(reason, "reason");
        Require.text(correctedBy, "correctedBy");
        Day91Status.checkStatusSince(day91Status, statusSince, obtainedOn);
    }

    /** A correction without the date the status began, as records written before the field existed. */
    public FollowUpCorrected(String referralId, String placementId, String correctsEventId, Day91Status day91Status,
            LocalDate obtainedOn, String reason, String correctedBy) {
        this(referralId, placementId, correctsEventId, day91Status, obtainedOn, reason, correctedBy, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
