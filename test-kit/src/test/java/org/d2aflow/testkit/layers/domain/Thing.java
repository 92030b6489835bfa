package org.d2aflow.testkit.layers.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A domain class that knows about JSON: what the domain rule forbids. */
public record Thing(@JsonProperty("thing") String name) {
}
