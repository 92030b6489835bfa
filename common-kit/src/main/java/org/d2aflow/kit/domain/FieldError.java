package org.d2aflow.kit.domain;

/** One field of a request or command that is wrong, and why, in words a user can act on. */
public record FieldError(String field, String message) {
}
