package org.d2aflow.kit.domain;

/** The client's If-Match version is not the current one (412): it acted on an old copy. */
public final class StaleVersionException extends DomainException {

    private final long currentVersion;

    public StaleVersionException(long expected, long current) {
        super("The request was based on version " + expected + " but the current version is " + current
                + "; reload and try again");
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }

    @Override
    public String code() {
        return "stale-version";
    }
}
