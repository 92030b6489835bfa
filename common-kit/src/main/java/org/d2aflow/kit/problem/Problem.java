package org.d2aflow.kit.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.d2aflow.kit.domain.FieldError;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 * {@code code} names the refusal when the domain refused the request (e.g. {@code no-free-unit}): stable, for
 * programs to branch on, unlike {@code detail}, which is for people. {@code errors} lists the fields at fault, when
 * the problem is about fields.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
