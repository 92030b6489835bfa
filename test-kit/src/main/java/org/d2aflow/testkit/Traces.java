package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Reads the spans a service under test exported to its {@link InMemorySpanExporter} (a test bean of the service's
 * own tests) and checks their parent links, for the trace tests across the event log.
 */
public final class Traces {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Traces() {
    }

    /** The one exported span that matches, waiting for the batch processor to export it. */
    public static SpanData await(InMemorySpanExporter exporter, String what, Predicate<SpanData> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (exporter.getFinishedSpanItems().stream().noneMatch(match) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(match).toList();
        assertThat(found).as("exactly one " + what + " in " + describe(exporter.getFinishedSpanItems())).hasSize(1);
        return found.get(0);
    }

    /** Matches a span of that kind in that trace, whose name contains {@code name}. */
    public static Predicate<SpanData> span(SpanKind kind, String traceId, String name) {
        return s -> s.getKind() == kind && s.getTraceId().equals(traceId) && s.getName().contains(name);
    }

    /** Matches a span whose parent is {@code parentSpanId}. */
    public static Predicate<SpanData> childOf(String parentSpanId) {
        return s -> s.getParentSpanId().equals(parentSpanId);
    }

    /** Asserts that {@code child} is a direct child of {@code parent}, in the same trace. */
    public static void assertChildOf(SpanData child, SpanData parent) {
        assertThat(child.getTraceId()).as(child.getName() + " is in the trace of " + parent.getName()).isEqualTo(parent.getTraceId());
        assertThat(child.getParentSpanId()).as(child.getName() + " is a child of " + parent.getName()).isEqualTo(parent.getSpanId());
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}). */
    public static String traceId(String traceparent) {
        assertThat(traceparent).as("a W3C traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }

    /** The span id (the sender's span) of a W3C {@code traceparent}. */
    public static String spanId(String traceparent) {
        traceId(traceparent);
        return traceparent.split("-")[2];
    }

    /** The headers another service's relay would put on a record it sent in the span {@code sender}. */
    public static Map<String, String> headersOf(SpanContext sender) {
        String traceparent = "00-" + sender.getTraceId() + "-" + sender.getSpanId() + "-" + sender.getTraceFlags().asHex();
        return Map.of("traceparent", traceparent, "ce_traceparent", traceparent);
    }

    private static String describe(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getTraceId() + "/" + s.getSpanId() + "<-" + s.getParentSpanId())
                .collect(Collectors.joining("\n", "\n", "\n"));
    }
}
