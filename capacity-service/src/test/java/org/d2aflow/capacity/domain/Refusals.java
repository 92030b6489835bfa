package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.domain.NotFoundException;

/** How the aggregate says no: bad values (422, by field), the wrong state (409, with the reason), nothing there (404). */
final class Refusals {

    private Refusals() {
    }

    static InvalidCommandException assertInvalid(ThrowingCallable when, String... fields) {
        Throwable thrown = catchThrowable(when);
        assertThat(thrown).isExactlyInstanceOf(InvalidCommandException.class);
        InvalidCommandException e = (InvalidCommandException) thrown;
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields);
        return e;
    }

    static void assertIllegalTransition(ThrowingCallable when, String... reasonFragments) {
        Throwable thrown = catchThrowable(when);
        assertThat(thrown).isExactlyInstanceOf(IllegalTransitionException.class);
        assertThat(thrown.getMessage()).contains(reasonFragments);
    }

    static void assertNotFound(ThrowingCallable when, String... fragments) {
        Throwable thrown = catchThrowable(when);
        assertThat(thrown).isExactlyInstanceOf(NotFoundException.class);
        assertThat(thrown.getMessage()).contains(fragments);
    }
}
