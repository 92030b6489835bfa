package org.d2aflow.contracts.capacity;

/** What one unit of a service's capacity is. */
public enum CapacityUnit {
    /** A bed (bedded reablement, rehabilitation, care home). */
    BED,
    /** A concurrent care package at home (one client on the caseload). */
    PACKAGE
}
