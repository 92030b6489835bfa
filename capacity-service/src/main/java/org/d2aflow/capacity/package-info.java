/**
 * The capacity service of D2A Flow: services declare units by date, referrals decided for pathways 1-3 wait for
 * a unit, staff claim units (never more than declared, under any concurrency), release them and record declines.
 */
package org.d2aflow.capacity;
