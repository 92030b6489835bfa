package org.d2aflow.kit.metrics;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.prometheus.client.exemplars.ExemplarSampler;

/**
 * Keeps OpenTelemetry exemplars out of {@code /q/metrics}. With quarkus-opentelemetry present, Quarkus' Prometheus
 * registry would append {@code # {span_id=...,trace_id=...} value timestamp} to counter samples counted inside a
 * sampled span, in the OpenMetrics exposition, which every scrape that does not prefer plain text receives
 * (OpenMetricsNegotiation). Scrapers and tests that read a sample as {@code name value} would then misread it, and
 * which lines carry one depends on sampling: the exposition stays as it was, and traces are joined to metrics in
 * the tracing backend by service and time instead.
 */
@Singleton
public class NoExemplars {

    @Produces
    @Alternative
    @Priority(1)
    Optional<ExemplarSampler> exemplarSampler() {
        return Optional.empty();
    }
}
