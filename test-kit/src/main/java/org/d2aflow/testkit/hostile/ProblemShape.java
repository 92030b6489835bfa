package org.d2aflow.testkit.hostile;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every refusal must look like: {@code application/problem+json} whose body has a type, title, status (the
 * answer's own) and detail, and for 400 and 422 a non-empty {@code errors} list of {field, message}.
 */
public final class ProblemShape {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemShape() {
    }

    /** What is wrong with the answer as a problem, or an empty list when it is a valid one. */
    public static List<String> violations(int status, String contentType, byte[] body) {
        List<String> wrong = new ArrayList<>();
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/problem+json")) {
            wrong.add("Content-Type is " + contentType);
            return wrong;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (java.io.IOException e) {
            wrong.add("body is not JSON");
            return wrong;
        }
        if (problem == null || !problem.isObject()) {
            wrong.add("body is not a JSON object");
            return wrong;
        }
        for (String member : List.of("type", "title", "detail")) {
            if (!problem.path(member).isTextual() || problem.get(member).asText().isBlank()) {
                wrong.add(member + " missing");
            }
        }
        if (!problem.path("status").isInt() || problem.get("status").asInt() != status) {
            wrong.add("status member " + problem.path("status") + " is not " + status);
        }
        if (status == 400 || status == 422) {
            JsonNode errors = problem.path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                wrong.add("no errors[] naming the field");
            } else {
                for (JsonNode e : errors) {
                    if (!e.path("field").isTextual() || e.get("field").asText().isBlank() || !e.path("message").isTextual()) {
                        wrong.add("an errors[] entry without field and message: " + e);
                    }
                }
            }
        }
        return wrong;
    }

    /** The fields a problem's errors[] name. */
    public static List<String> fields(byte[] body) {
        List<String> out = new ArrayList<>();
        try {
            JSON.readTree(body).path("errors").forEach(e -> out.add(e.path("field").asText()));
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: no fields
        }
        return out;
    }

    /**
     * Whether one of the names points at the field: the same, or a path into it ("units", "units[0]", "body.units");
     * "from|to" is either of two (a contradiction may be named at either end).
     */
    public static boolean names(List<String> named, String field) {
        if (field.contains("|")) {
            return java.util.Arrays.stream(field.split("\\|")).anyMatch(f -> names(named, f));
        }
        for (String n : named) {
            if (n.equalsIgnoreCase(field) || n.startsWith(field + ".") || n.startsWith(field + "[") || n.endsWith("." + field)) {
                return true;
            }
        }
        return false;
    }
}
