package org.d2aflow.kit.http;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date (YYYY-MM-DD)"));
            return null;
        }
    }

    public void failIfAny() {
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input",
                    errors.size() + " query parameter(s) are invalid", null, errors));
        }
    }
}
