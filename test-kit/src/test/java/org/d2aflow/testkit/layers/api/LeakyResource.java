package org.d2aflow.testkit.layers.api;

import jakarta.ws.rs.GET;

import org.d2aflow.testkit.layers.infrastructure.Row;

/**
 * Breaks two rules on purpose: it reads an infrastructure entity, and its method names no roles. No {@code @Path}, so
 * that the smoke tests' Quarkus application does not serve it.
 */
public class LeakyResource {

    @GET
    public String get() {
        return new Row().name;
    }
}
