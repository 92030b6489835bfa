package org.d2aflow.kit.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.BadRequestException;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.problem.ProblemMappers;

/** Parses optional query values and collects every bad one, so a list request is answered with one 400 naming them all. */
public final class QueryParams {

    private final List<FieldError> errors = new ArrayList<>();

    public <E extends Enum<E>> E enumValue(String name, String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", "))));
            return null;
        }
    }

    public LocalDate date(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date (YYYY-MM-DD)"));
            return null;
        }
        // ISO dates run to the year 999999999 and back as far; PostgreSQL and date arithmetic do not.
        if (date.getYear() < 1 || date.getYear() > 9999) {
            errors.add(new FieldError(name, "must be a date between 0001-01-01 and 9999-12-31"));
            return null;
        }
        return date;
    }

    /** The earliest and latest instants accepted: ISO instants run a billion years either way; microsecond arithmetic and PostgreSQL do not. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * An optional instant such as {@code 2026-04-01T00:00:00Z}, truncated to the microsecond (the precision of every recorded
     * time); null when absent or refused.
     */
    public Instant instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an instant such as 2026-04-01T00:00:00Z"));
            return null;
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            errors.add(new FieldError(name, "must be an instant between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
            return null;
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Refuses a value for a reason the caller decided. */
    public void refuse(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    /** A required free-text value: present, not blank, at most {@code maxLength} characters; stripped. */
    public String requiredText(String name, String raw, int maxLength, String why) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(name, "is required: " + why));
            return null;
        }
        if (raw.length() > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return raw.strip();
    }

    public void failIfAny() {
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input",
                    errors.size() + " query parameter(s) are invalid", null, errors));
        }
    }
}
