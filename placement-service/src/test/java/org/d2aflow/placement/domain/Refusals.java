package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;

/** The two ways the aggregate refuses a command: bad values (422, field by field) and a wrong state (409). */
final class Refusals {

    private Refusals() {
    }

    /** The command is refused as invalid and exactly these fields are named, in any order. */
    static InvalidCommandException assertInvalid(ThrowingCallable when, String... fields) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(when);
        assertThat(thrown).isExactlyInstanceOf(InvalidCommandException.class);
        InvalidCommandException e = (InvalidCommandException) thrown;
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields);
        return e;
    }

    /** The command is refused because of the placement's state, with a message containing each fragment. */
    static void assertIllegalTransition(ThrowingCallable when, String... messageFragments) {
        assertThatThrownBy(when).isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageFragments));
    }
}
