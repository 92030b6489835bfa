package org.d2aflow.contracts;

/** A record carries a type that is neither registered nor upcastable to a registered type. */
public final class UnknownEventTypeException extends EventContractException {

    private final String eventType;

    public UnknownEventTypeException(String eventType) {
        super("unknown event type '" + eventType + "': not registered in EventTypes and no upcaster leads from it", null);
        this.eventType = eventType;
    }

    /** The type that could not be resolved. */
    public String eventType() {
        return eventType;
    }
}
