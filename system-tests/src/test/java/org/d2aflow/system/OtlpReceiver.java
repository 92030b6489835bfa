package org.d2aflow.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * A trace collector for the system tests: an OTLP/HTTP endpoint ({@code http/protobuf}) the four service processes
 * export their spans to, keeping the fields the trace test checks (service, trace and span ids, parent, name, kind).
 * The protobuf is read by hand, field numbers from opentelemetry-proto's {@code trace.proto}: no generated classes
 * are needed for five fields.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A received span; {@code kind} as OTLP numbers it (1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {
        static final int INTERNAL = 1;
        static final int SERVER = 2;
        static final int PRODUCER = 4;
        static final int CONSUMER = 5;

        @Override
        public String toString() {
            return service + " " + kind + " " + name + " " + traceId + "/" + spanId + "<-" + parentSpanId;
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                // Only traces are exported (OpenTelemetry metrics and logs stay off in the services).
                readRequest(in.readAllBytes());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The endpoint to give OTEL_EXPORTER_OTLP_ENDPOINT. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest: 1 resource_spans. ResourceSpans: 1 resource, 2 scope_spans. Resource: 1 attributes.
    // ScopeSpans: 2 spans. Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind. KeyValue: 1 key, 2 value (AnyValue: 1 string).
    private void readRequest(byte[] body) {
        for (Field resourceSpans : Field.all(body)) {
            if (resourceSpans.number != 1) {
                continue;
            }
            String service = "?";
            List<byte[]> scopes = new ArrayList<>();
            for (Field f : Field.all(resourceSpans.bytes)) {
                if (f.number == 1) {
                    service = serviceName(f.bytes, service);
                } else if (f.number == 2) {
                    scopes.add(f.bytes);
                }
            }
            for (byte[] scope : scopes) {
                for (Field span : Field.all(scope)) {
                    if (span.number == 2) {
                        spans.add(span(service, span.bytes));
                    }
                }
            }
        }
    }

    private static String serviceName(byte[] resource, String otherwise) {
        for (Field attribute : Field.all(resource)) {
            if (attribute.number != 1) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : Field.all(attribute.bytes)) {
                if (kv.number == 1) {
                    key = kv.text();
                } else if (kv.number == 2) {
                    for (Field any : Field.all(kv.bytes)) {
                        if (any.number == 1) {
                            value = any.text();
                        }
                    }
                }
            }
            if ("service.name".equals(key) && value != null) {
                return value;
            }
        }
        return otherwise;
    }

    private static ReceivedSpan span(String service, byte[] span) {
        String trace = "";
        String id = "";
        String parent = "";
        String name = "";
        int kind = 0;
        for (Field f : Field.all(span)) {
            switch (f.number) {
                case 1 -> trace = HexFormat.of().formatHex(f.bytes);
                case 2 -> id = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = f.text();
                case 6 -> kind = (int) f.varint;
                default -> {
                }
            }
        }
        return new ReceivedSpan(service, trace, id, parent, name, kind);
    }

    /** One protobuf field: its number and either its varint or its length-delimited bytes. */
    private record Field(int number, long varint, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        static List<Field> all(byte[] message) {
            List<Field> fields = new ArrayList<>();
            int[] at = {0};
            while (at[0] < message.length) {
                long tag = varint(message, at);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, varint(message, at), null));
                    case 1 -> at[0] += 8;
                    case 2 -> {
                        int length = (int) varint(message, at);
                        ByteArrayOutputStream b = new ByteArrayOutputStream(length);
                        b.write(message, at[0], length);
                        at[0] += length;
                        fields.add(new Field(number, 0, b.toByteArray()));
                    }
                    case 5 -> at[0] += 4;
                    default -> throw new IllegalArgumentException("unsupported protobuf wire type in field " + number);
                }
            }
            return fields;
        }

        private static long varint(byte[] b, int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte next = b[at[0]++];
                value |= (long) (next & 0x7f) << shift;
                if ((next & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }
    }
}
