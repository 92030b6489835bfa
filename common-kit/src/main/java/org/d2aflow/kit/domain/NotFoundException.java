package org.d2aflow.kit.domain;

/** No aggregate or resource with that id (404). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String what, String id) {
        super(what + " " + id + " does not exist");
    }

    @Override
    public String code() {
        return "not-found";
    }
}
