package org.d2aflow.kit.domain;

/**
 * A command the aggregate's state does not allow (409). Its {@link #code()} says which rule refused it, so that callers
 * tell refusals apart by a value, never by the wording of the message.
 */
public final class IllegalTransitionException extends DomainException {

    /** The code of a refusal that names no rule of its own. */
    public static final String GENERAL = org.d2aflow.contracts.reference.RefusalCode.ILLEGAL_TRANSITION.code();

    private final String code;

    public IllegalTransitionException(String reason) {
        this(GENERAL, reason);
    }

    /** Refused by the rule {@code code} of the suite's list. */
    public IllegalTransitionException(org.d2aflow.contracts.reference.RefusalCode code, String reason) {
        this(code.code(), reason);
    }

    public IllegalTransitionException(String code, String reason) {
        super(reason);
        this.code = code;
    }

    /** Which rule refused the command, e.g. {@code no-free-unit}. */
    @Override
    public String code() {
        return code;
    }
}
