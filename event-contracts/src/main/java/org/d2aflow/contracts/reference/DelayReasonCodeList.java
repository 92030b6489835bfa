package org.d2aflow.contracts.reference;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One version of a code list of reasons for delay, kept as reference data with where it came from and when it applies.
 *
 * @param listId    the list's id, e.g. {@code acute-sitrep-2023}; with {@code version} it names the list on each record
 * @param version   1 and up; a changed list is a new version (or a new id), never an edit of a published one
 * @param title     what the list is
 * @param source    where the codes were taken from (an http or https URL)
 * @param note      how the list was taken from its source (may be empty)
 * @param validFrom the first business date a reason from this list may apply from
 * @param validTo   the last such date; null when open
 * @param codes     the reasons, in the source's order
 */
public record DelayReasonCodeList(String listId, int version, String title, String source, String note, LocalDate validFrom,
        LocalDate validTo, List<Code> codes) {

    /** A reason: its code within the list and its label, verbatim from the source. */
    public record Code(String code, String label) {
    }

    public DelayReasonCodeList {
        codes = List.copyOf(codes);
    }

    /** The reason with this code, if the list has it. */
    public Optional<Code> code(String code) {
        return codes.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** Whether a reason from this list may apply from {@code date}. */
    public boolean validOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || !date.isAfter(validTo));
    }
}
