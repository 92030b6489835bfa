package org.d2aflow.contracts;

/** A record's headers or body break the contract: a missing or invalid header, bad JSON, a missing field. */
public final class MalformedEventException extends EventContractException {

    public MalformedEventException(String message) {
        super(message, null);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
