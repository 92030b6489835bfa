package org.d2aflow.kit.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.ForbiddenException;

/** Who is calling, as their bearer token says: the subject and the organisation that scopes their data. */
@RequestScoped
public class Caller {

    /** The private claim naming the caller's organisation (an ODS-style code such as RXX). */
    public static final String ORGANISATION_CLAIM = "org";

    @Inject
    JsonWebToken token;

    /** The caller's organisation; a token without one may not touch organisation-scoped data (403). */
    public String organisation() {
        Object org = token.getClaim(ORGANISATION_CLAIM);
        String value = org == null ? null : org.toString().strip();
        if (value == null || value.isEmpty()) {
            throw new ForbiddenException("The token names no organisation (claim '" + ORGANISATION_CLAIM + "'), which this request needs");
        }
        return value;
    }

    /** A stable name for audit records: the token's subject (or upn when it has no subject). */
    public String subject() {
        String name = token.getSubject() != null ? token.getSubject() : token.getName();
        return name == null ? "unknown" : name;
    }

    public boolean hasRole(String role) {
        return token.getGroups() != null && token.getGroups().contains(role);
    }
}
