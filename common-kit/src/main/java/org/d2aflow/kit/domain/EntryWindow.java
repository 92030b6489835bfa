package org.d2aflow.kit.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How late a fact may be entered: its business date may be up to {@code lateDays} calendar days before
 * {@code today} (the service's calendar date), never after it unless a rule allows future dates. Late entry is
 * normal (Friday's discharges are typed on Monday); beyond the window a fact needs a deliberate correction by
 * someone who can answer for it, so the API refuses it with the field and the limit named.
 *
 * @param today    the service's calendar date, from its clock
 * @param lateDays how many days before today a business date may be; 0 means today only
 */
public record EntryWindow(LocalDate today, int lateDays) {

    /** The default window: 90 days, about one quarter, so a quarter's return can still be completed. */
    public static final int DEFAULT_LATE_DAYS = 90;

    /** The most a window may be set to: ten years. */
    public static final int MAX_LATE_DAYS = 3660;

    public EntryWindow {
        if (today == null) {
            throw new IllegalArgumentException("today is required");
        }
        if (lateDays < 0 || lateDays > MAX_LATE_DAYS) {
            throw new IllegalArgumentException("the late-entry window must be 0 to " + MAX_LATE_DAYS + " days, not " + lateDays);
        }
    }

    /** The earliest business date the window accepts. */
    public LocalDate earliest() {
        return today.minusDays(lateDays);
    }

    /** Whether a business date is within the window and not in the future. */
    public boolean accepts(LocalDate date) {
        return !date.isBefore(earliest()) && !date.isAfter(today);
    }

    /**
     * Adds an error for a business date that is in the future or older than the window; a missing date is left to
     * the caller (it may default to today, or be required).
     */
    public void check(String field, LocalDate date, List<FieldError> errors) {
        if (date == null) {
            return;
        }
        if (date.isAfter(today)) {
            errors.add(new FieldError(field, "must not be in the future (today is " + today + ")"));
        } else {
            checkNotTooLate(field, date, errors);
        }
    }

    /** Adds an error for a business date older than the window; dates from today on are left to the caller's own limit. */
    public void checkNotTooLate(String field, LocalDate date, List<FieldError> errors) {
        if (date != null && date.isBefore(earliest())) {
            errors.add(new FieldError(field, "must be on or after " + earliest() + ": facts may be entered up to " + lateDays
                    + " days late, and " + date + " is " + ChronoUnit.DAYS.between(date, today) + " days ago"));
        }
    }
}
