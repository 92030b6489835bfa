package org.d2aflow.kit.domain;

import java.util.List;

/** The command is well-formed but its values break a rule (422), field by field. */
public final class InvalidCommandException extends DomainException {

    private final List<FieldError> errors;

    public InvalidCommandException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public InvalidCommandException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        StringBuilder sb = new StringBuilder();
        for (FieldError e : errors) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.field()).append(": ").append(e.message());
        }
        return sb.toString();
    }

    @Override
    public String code() {
        return "invalid-input";
    }
}
