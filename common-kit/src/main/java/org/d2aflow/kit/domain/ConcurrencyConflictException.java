package org.d2aflow.kit.domain;

/** Another write reached the same stream version first (409); the client should reload and retry. */
public final class ConcurrencyConflictException extends DomainException {

    public ConcurrencyConflictException(String streamId, long expectedVersion) {
        super("Stream " + streamId + " changed after version " + expectedVersion
                + " while this request was being handled; reload it and try again");
    }

    public ConcurrencyConflictException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "concurrent-update";
    }
}
