package org.d2aflow.contracts;

/** The national discharge pathway decided for a referral. */
public enum Pathway {
    /** Home, or back to the same care home, with no new care. */
    P0,
    /** Home with new or more health or social care (Home First). */
    P1,
    /** A short-term bed with recovery support, then home. */
    P2,
    /** A care-home placement for the most complex needs. */
    P3
}
