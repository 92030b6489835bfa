package org.d2aflow.capacity.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.BadRequestException;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.problem.ProblemMappers;

/**
 * Page and size of a list request, read from the raw query text so that {@code size=abc} is a 400 naming the
 * parameter (JAX-RS would answer a failed conversion with a bare 404).
 */
record Paging(int page, int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    static Paging of(String page, String size) {
        List<FieldError> errors = new ArrayList<>();
        int p = whole(errors, "page", page, 0, 0, 1_000_000);
        int s = whole(errors, "size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input",
                    errors.size() + " query parameter(s) are invalid", null, errors));
        }
        return new Paging(p, s);
    }

    private static int whole(List<FieldError> errors, String name, String raw, int absent, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return absent;
    }
}
