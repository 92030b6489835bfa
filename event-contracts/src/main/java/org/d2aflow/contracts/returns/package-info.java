/** Submissions of the national returns recorded by metrics-service (topic {@code d2a.returns}). */
package org.d2aflow.contracts.returns;
