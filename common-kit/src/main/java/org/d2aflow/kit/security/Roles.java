package org.d2aflow.kit.security;

/**
 * The suite's roles, carried in a token's {@code groups} claim. Each endpoint names the roles it allows; the
 * organisation claim then narrows which records a caller of that role sees.
 */
public final class Roles {

    /** Discharge coordinators of a trust: referrals, and the identity behind their own trust's referrals. */
    public static final String COORDINATOR = "coordinator";
    /** Home First and other provider staff: capacity, claims and placements of their own organisation's services. */
    public static final String HOMEFIRST = "homefirst";
    /** Commissioners: the figures and the dashboard, across organisations. */
    public static final String COMMISSIONER = "commissioner";
    /** Administrators: service registration, projection rebuilds, the identity audit. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
