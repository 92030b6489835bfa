package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.domain.NotFoundException;

/** How an aggregate says no, for given/when/then tests: bad values (422, by field), the wrong state (409), nothing there (404). */
public final class Refusals {

    private Refusals() {
    }

    /** The command is refused as invalid and exactly these fields are named, in any order. */
    public static InvalidCommandException assertInvalid(ThrowingCallable when, String... fields) {
        Throwable thrown = catchThrowable(when);
        assertThat(thrown).isExactlyInstanceOf(InvalidCommandException.class);
        InvalidCommandException e = (InvalidCommandException) thrown;
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields);
        return e;
    }

    /** The command is refused because of the aggregate's state, with a message containing each fragment. */
    public static void assertIllegalTransition(ThrowingCallable when, String... messageFragments) {
        assertThatThrownBy(when).isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageFragments));
    }

    /** The command is refused because what it names does not exist, with a message containing each fragment. */
    public static void assertNotFound(ThrowingCallable when, String... messageFragments) {
        assertThatThrownBy(when).isExactlyInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageFragments));
    }
}
