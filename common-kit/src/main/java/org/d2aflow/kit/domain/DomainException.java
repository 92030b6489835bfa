package org.d2aflow.kit.domain;

/** A refusal decided by the domain; the API layer turns each kind into its HTTP status. Plain Java, no framework. */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidCommandException, IllegalTransitionException, NotFoundException, ConcurrencyConflictException,
        StaleVersionException {

    protected DomainException(String message) {
        super(message);
    }
}
