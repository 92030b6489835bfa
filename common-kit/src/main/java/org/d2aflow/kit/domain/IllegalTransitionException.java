package org.d2aflow.kit.domain;

/** The command does not fit the aggregate's current state (409), e.g. a second discharge. */
public final class IllegalTransitionException extends DomainException {

    public IllegalTransitionException(String reason) {
        super(reason);
    }
}
