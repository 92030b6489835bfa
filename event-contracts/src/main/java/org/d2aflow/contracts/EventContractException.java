package org.d2aflow.contracts;

/** Base of the errors raised when a record on the log cannot be read under the current contract. */
public abstract class EventContractException extends RuntimeException {

    protected EventContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
