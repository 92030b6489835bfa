package org.d2aflow.kit.domain;

/** A refusal decided by the domain; the API layer turns each kind into its HTTP status. Plain Java, no framework. */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidCommandException, IllegalTransitionException, NotFoundException, ConcurrencyConflictException,
        StaleVersionException {

    protected DomainException(String message) {
        super(message);
    }

    /**
     * A stable code naming the kind of refusal (for a refused transition, the rule that refused it), given to clients
     * as the problem's {@code code}: callers tell refusals apart by it, never by the wording of the message.
     */
    public abstract String code();
}
