package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import java.util.regex.Pattern;

import org.d2aflow.contracts.internal.Require;

/**
 * Why a patient past the discharge ready date is still in hospital, from {@code effectiveFrom} until the next reason
 * of the same referral takes over. The reason is a code of a versioned code list (reference data, see
 * {@link org.d2aflow.contracts.reference.DelayReasonCodeLists}); the event names the list and its version, so a record
 * keeps the list it was recorded under when a newer list arrives. A reason recorded again for the same
 * {@code effectiveFrom} replaces the earlier one (a correction); the earlier record stays on the log.
 *
 * @param listId        the code list, e.g. {@code acute-sitrep-2023}
 * @param listVersion   the version of that list (1 and up)
 * @param code          the reason's code within the list
 * @param effectiveFrom the business date from which the reason applies
 */
public record DelayReasonRecorded(String referralId, String listId, int listVersion, String code, LocalDate effectiveFrom)
        implements ReferralEvent {

    public static final String TYPE = "d2a.referral.delay-reason-recorded.v1";

    /** A list id: lower-case letters, digits and hyphens, starting with a letter. */
    public static final Pattern LIST_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public DelayReasonRecorded {
        Require.text(referralId, "referralId");
        Require.matching(listId, LIST_ID, "listId");
        Require.between(listVersion, 1, 1_000_000, "listVersion");
        Require.text(code, "code");
        Require.present(effectiveFrom, "effectiveFrom");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
