/**
 * The placement service of D2A Flow: turns capacity claims into placements, starts and ends them, and records
 * the 91-day follow-up after hospital discharge.
 */
package org.d2aflow.placement;
