/** Escalation levels (OPEL style, 1 to 4) set by metrics-service from the live figures, and their acknowledgements (topic {@code d2a.escalation}). */
package org.d2aflow.contracts.escalation;
