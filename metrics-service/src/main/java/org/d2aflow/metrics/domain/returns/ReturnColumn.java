package org.d2aflow.metrics.domain.returns;

/** One column of a return: its header exactly as written in the CSV, and what it counts. */
public record ReturnColumn(String name, String meaning) {
}
