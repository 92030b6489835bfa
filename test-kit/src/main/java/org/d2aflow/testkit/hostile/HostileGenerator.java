package org.d2aflow.testkit.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.d2aflow.testkit.hostile.ApiDocument.Operation;
import org.d2aflow.testkit.hostile.ApiDocument.Parameter;
import org.d2aflow.testkit.hostile.ApiDocument.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bad requests generated from a service's OpenAPI document, the same for the same seed. Every request starts from a
 * good one (a valid token with every role in the organisation that owns the seed data, the ids that exist, a valid
 * body where the test gives one) and breaks one thing, so that it reaches the validation it is meant to test: a field's
 * type or value, a key, a character, the encoding, the body's shape or size, a header, the method, the token or the
 * length of the request line and headers.
 *
 * <p>Requests that might legitimately pass (a boundary value inside the rules, an unknown query parameter) are marked
 * {@link HostileRequest#mayPass()}; every other one must be refused.
 */
public final class HostileGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Characters that no text field may hold (C0 and C1 controls but tab, CR and LF; DEL). */
    static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f",
            "\u0085", "\u009f");
    private static final List<String> LONE_SURROGATES = List.of("\\ud800", "\\udfff", "\\ud83d", "\\udc00x");
    /** Byte sequences that are not UTF-8: a bad start byte, an overlong '/', an encoded surrogate, past U+10FFFF, truncated. */
    private static final List<byte[]> NOT_UTF8 = List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
            new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82});

    private final ApiDocument document;
    private long seed = 1;
    private int count = 2000;
    private String token;
    private final Map<String, String> badTokens = new LinkedHashMap<>();
    private BiFunction<String, String, String> pathValues = (path, name) -> null;
    private Function<Operation, String> bodies = op -> null;
    private final Map<String, String> queryValues = new LinkedHashMap<>();
    private Predicate<Operation> include = op -> !op.streams();
    private int maxUri = 8192;
    private int maxHeaders = 16 * 1024;
    private int maxBody = 64 * 1024;

    private HostileGenerator(ApiDocument document) {
        this.document = document;
    }

    public static HostileGenerator from(ApiDocument document) {
        return new HostileGenerator(document);
    }

    public HostileGenerator seed(long seed) {
        this.seed = seed;
        return this;
    }

    public HostileGenerator count(int count) {
        this.count = count;
        return this;
    }

    /** The Authorization value of the good requests (a bearer with the roles and organisation that reach validation). */
    public HostileGenerator token(String authorization) {
        this.token = authorization;
        return this;
    }

    /** Authorization values that must be refused with 401, by what is wrong with them. */
    public HostileGenerator badToken(String what, String authorization) {
        badTokens.put(what, authorization);
        return this;
    }

    /** The value of a path parameter that exists (seed data), by path template and parameter name; null for none. */
    public HostileGenerator pathValues(BiFunction<String, String, String> values) {
        this.pathValues = values;
        return this;
    }

    /** A valid body for an operation (JSON), or null to derive one from the document. */
    public HostileGenerator bodies(Function<Operation, String> bodies) {
        this.bodies = bodies;
        return this;
    }

    /** Valid bodies by operation ("POST /referrals"), as objects to write as JSON; the others are derived from the document. */
    public HostileGenerator bodies(Map<String, ?> byOperation) {
        return bodies(op -> {
            Object body = byOperation.get(op.toString());
            try {
                return body == null ? null : JSON.writeValueAsString(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the body of " + op + " as JSON", e);
            }
        });
    }

    /** A valid value for a query parameter, sent with the good requests; also tells the generator its kind. */
    public HostileGenerator queryValue(String name, String value) {
        queryValues.put(name, value);
        return this;
    }

    public HostileGenerator include(Predicate<Operation> filter) {
        this.include = include.and(filter);
        return this;
    }

    /** The documented limits: request line (414), header block (431) and body (413). */
    public HostileGenerator limits(int maxUri, int maxHeaders, int maxBody) {
        this.maxUri = maxUri;
        this.maxHeaders = maxHeaders;
        this.maxBody = maxBody;
        return this;
    }

    /**
     * The requests: first one of every (operation, kind of badness) pair, in a seeded order, then more seeded variants
     * until {@code count}. Identical requests are sent once.
     */
    public List<HostileRequest> generate() {
        if (token == null) {
            throw new IllegalStateException("a valid token is needed for the requests to reach validation");
        }
        List<Operation> ops = document.operations().stream().filter(include).toList();
        if (ops.isEmpty()) {
            throw new IllegalStateException("the document has no operation to test");
        }
        List<HostileRequest> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int round = 0; out.size() < count && round < 400; round++) {
            Random random = new Random(seed * 1_000_003L + round);
            Map<String, List<HostileRequest>> groups = new LinkedHashMap<>();
            for (Operation op : ops) {
                for (HostileRequest r : new Round(op, random).all()) {
                    groups.computeIfAbsent(r.operation() + " " + r.family(), k -> new ArrayList<>()).add(r);
                }
            }
            List<HostileRequest> firsts = new ArrayList<>();
            List<HostileRequest> rest = new ArrayList<>();
            for (List<HostileRequest> group : groups.values()) {
                java.util.Collections.shuffle(group, random);
                firsts.add(group.get(0));
                rest.addAll(group.subList(1, group.size()));
            }
            java.util.Collections.shuffle(firsts, random);
            java.util.Collections.shuffle(rest, random);
            for (List<HostileRequest> batch : List.of(firsts, rest)) {
                for (HostileRequest r : batch) {
                    if (out.size() < count && seen.add(key(r))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static String key(HostileRequest r) {
        StringBuilder sb = new StringBuilder(r.method()).append(' ').append(r.targetText()).append(r.chunked());
        r.headers().forEach(h -> sb.append('\n').append(h[0]).append(':').append(h[1]));
        if (r.body() != null) {
            sb.append('\n').append(java.util.Arrays.hashCode(r.body())).append('/').append(r.body().length);
        }
        return sb.toString();
    }

    /** The kind of a value, from the document where it says, else from the valid value the test gave. */
    enum Kind { STRING, ENUM, DATE, DATE_TIME, UUID, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT }

    static Kind kind(Schema schema, JsonNode example) {
        if (schema != null && schema.type() != null) {
            String format = schema.format() == null ? "" : schema.format();
            switch (schema.type()) {
                case "string":
                    if (!schema.enumValues().isEmpty()) {
                        return Kind.ENUM;
                    }
                    return switch (format) {
                        case "date" -> Kind.DATE;
                        case "date-time" -> Kind.DATE_TIME;
                        case "uuid" -> Kind.UUID;
                        default -> example == null ? Kind.STRING : kind(null, example);
                    };
                case "integer":
                    return Kind.INTEGER;
                case "number":
                    return Kind.NUMBER;
                case "boolean":
                    return Kind.BOOLEAN;
                case "array":
                    return Kind.ARRAY;
                case "object":
                    return Kind.OBJECT;
                default:
                    break;
            }
        }
        if (example == null || example.isNull()) {
            return Kind.STRING;
        }
        if (example.isTextual()) {
            String t = example.asText();
            return DATE.matcher(t).matches() ? Kind.DATE : INSTANT.matcher(t).matches() ? Kind.DATE_TIME
                    : UUID_TEXT.matcher(t).matches() ? Kind.UUID : Kind.STRING;
        }
        return example.isIntegralNumber() ? Kind.INTEGER : example.isNumber() ? Kind.NUMBER : example.isBoolean() ? Kind.BOOLEAN
                : example.isArray() ? Kind.ARRAY : Kind.OBJECT;
    }

    /** The requests of one round for one operation; randomness picks positions, characters and lengths. */
    private final class Round {

        private final Operation op;
        private final Random random;
        private final List<HostileRequest> out = new ArrayList<>();
        private final String validBody;
        private final boolean trustedBody;
        private final Map<String, String> pathParams = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();

        Round(Operation op, Random random) {
            this.op = op;
            this.random = random;
            String given = bodies.apply(op);
            this.trustedBody = given != null || op.body() == null;
            this.validBody = given != null ? given : op.body() != null ? derivedBody(op.body()) : null;
            for (Parameter p : op.in("path")) {
                String v = pathValues.apply(op.path(), p.name());
                pathParams.put(p.name(), v == null ? new UUID(random.nextLong(), random.nextLong()).toString() : v);
            }
            for (Parameter p : op.in("query")) {
                if (queryValues.containsKey(p.name())) {
                    query.put(p.name(), queryValues.get(p.name()));
                }
            }
        }

        List<HostileRequest> all() {
            bodyFields();
            bodyShapes();
            contentTypes();
            pathParameters();
            queryParameters();
            headers();
            methodsAndSizes();
            return out;
        }

        // ---- the good request and its parts

        private String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** The request target with the given raw (already encoded) path parameter values and query. */
        private String target(Map<String, String> rawPath, String rawQuery) {
            String path = op.path();
            for (Map.Entry<String, String> e : pathParams.entrySet()) {
                String raw = rawPath.containsKey(e.getKey()) ? rawPath.get(e.getKey()) : encode(e.getValue());
                path = path.replace("{" + e.getKey() + "}", raw);
            }
            return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        }

        private String goodQuery() {
            StringBuilder sb = new StringBuilder();
            query.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v)));
            return sb.toString();
        }

        private HostileRequest.Builder good(String family, String field, String description) {
            HostileRequest.Builder b = HostileRequest.to(op.method(), target(Map.of(), goodQuery()));
            fill(b, family, field, description);
            return b;
        }

        private void add(HostileRequest.Builder b) {
            if (b.expect == 0) {
                b.expect = switch (b.family) {
                    case "body-too-large" -> 413;
                    case "uri-too-long" -> 414;
                    case "headers-too-large" -> 431;
                    case "bad-token" -> 401;
                    default -> 0;
                };
            }
            out.add(b.build());
        }

        private String pick(List<String> values) {
            return values.get(random.nextInt(values.size()));
        }

        private String insertAt(String s, String what) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
            return s.substring(0, at) + what + s.substring(at);
        }

        private String derivedBody(Schema schema) {
            ObjectNode node = JSON.createObjectNode();
            for (Map.Entry<String, Schema> p : schema.properties().entrySet()) {
                node.set(p.getKey(), validValue(p.getValue()));
            }
            return node.toString();
        }

        private JsonNode validValue(Schema s) {
            Kind k = kind(s, null);
            return switch (k) {
                case ENUM -> JSON.getNodeFactory().textNode(s.enumValues().get(0));
                case DATE -> JSON.getNodeFactory().textNode(LocalDate.now().minusDays(1).toString());
                case DATE_TIME -> JSON.getNodeFactory().textNode(java.time.Instant.now().minusSeconds(60).toString());
                case UUID -> JSON.getNodeFactory().textNode(new UUID(1, 2).toString());
                case INTEGER, NUMBER -> JSON.getNodeFactory().numberNode(s.minimum() == null ? 1 : Math.max(1, s.minimum()));
                case BOOLEAN -> JSON.getNodeFactory().booleanNode(false);
                case ARRAY -> JSON.createArrayNode();
                case OBJECT -> JSON.createObjectNode();
                default -> JSON.getNodeFactory().textNode("x".repeat(Math.max(1, s.minLength() == null ? 4 : s.minLength())));
            };
        }

        // ---- body fields: one field made wrong at a time

        private void bodyFields() {
            if (validBody == null) {
                return;
            }
            ObjectNode base;
            try {
                JsonNode parsed = JSON.readTree(validBody);
                if (!parsed.isObject()) {
                    return;
                }
                base = (ObjectNode) parsed;
            } catch (java.io.IOException e) {
                return;
            }
            Map<String, Schema> props = op.body() == null ? Map.of() : op.body().properties();
            List<String> required = op.body() == null ? List.of() : op.body().required();
            Set<String> names = new java.util.LinkedHashSet<>(props.keySet());
            base.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                Schema schema = props.get(name);
                JsonNode example = base.get(name);
                Kind kind = kind(schema, example);
                String field = trustedBody ? name : null;
                for (String wrong : wrongTypes(kind, schema)) {
                    add(withField(base, name, wrong, "wrong-type", field, name + " = " + clip(wrong), false));
                }
                boolean req = required.contains(name);
                add(withField(base, name, "null", req ? "missing-key" : "boundary", field, name + " = null", !req));
                ObjectNode missing = base.deepCopy();
                missing.remove(name);
                add(bodyRequest(missing.toString(), req ? "missing-key" : "boundary", field, "without " + name, !req));
                duplicates(base, name, field);
                boundaries(base, name, kind, schema, field);
                if (kind != Kind.ARRAY && kind != Kind.OBJECT && kind != Kind.BOOLEAN && kind != Kind.INTEGER && kind != Kind.NUMBER) {
                    String text = example != null && example.isTextual() ? example.asText() : "text";
                    String control = pick(CONTROLS);
                    add(withField(base, name, JSON.getNodeFactory().textNode(insertAt(text, control)).toString(), "control-character", field,
                            name + " with U+" + String.format("%04X", (int) control.charAt(0)), false));
                    add(withField(base, name, JSON.getNodeFactory().textNode(pick(List.of("\u0000", "\u0000" + text, text + "\u0000"))).toString(),
                            "nul", field, name + " with NUL", false));
                    String surrogate = pick(LONE_SURROGATES);
                    String escaped = JSON.getNodeFactory().textNode(text).toString();
                    add(withField(base, name, escaped.substring(0, escaped.length() - 1) + surrogate + "\"", "lone-surrogate", field,
                            name + " with " + surrogate, false));
                    byte[] bad = NOT_UTF8.get(random.nextInt(NOT_UTF8.size()));
                    add(rawField(base, name, text, bad, field));
                    add(withField(base, name, JSON.getNodeFactory().textNode(insertAt(text, pick(List.of("\t", "\n", "\r\n")))).toString(),
                            "whitespace-control", field, name + " with a tab or line break", true));
                }
            }
            // Keys nobody declared: closed contracts refuse them by name.
            for (String extra : List.of("zz" + random.nextInt(1000), "", "__proto__", "constructor", "a\u0000b",
                    names.isEmpty() ? "Id" : capitalised(names.iterator().next()), names.isEmpty() ? "id " : names.iterator().next() + " ")) {
                ObjectNode more = base.deepCopy();
                more.put(extra, pick(List.of("x", "1", "true")));
                add(bodyRequest(more.toString(), "extra-key", trustedBody && !extra.isBlank() ? extra : null, "unknown key '" + clip(extra) + "'", false));
            }
        }

        private String capitalised(String s) {
            return s.isEmpty() ? "X" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        private List<String> wrongTypes(Kind kind, Schema schema) {
            List<String> out = new ArrayList<>();
            switch (kind) {
                case STRING -> out.addAll(List.of("12345", "1.5", "true", "[]", "[\"x\"]", "{}", "{\"a\":1}"));
                case ENUM -> {
                    String first = schema == null || schema.enumValues().isEmpty() ? "X" : schema.enumValues().get(0);
                    out.addAll(List.of("0", "1", "true", "[]", "{}", "\"NOT_A_VALUE\"", "\"\"", "\"" + first.toLowerCase(Locale.ROOT) + "x\"",
                            "[\"" + first + "\"]"));
                }
                case DATE -> out.addAll(List.of("20261101", "[]", "[2026,11,1]", "\"2026-13-01\"", "\"2025-02-29\"", "\"01/02/2026\"",
                        "\"2026-1-1\"", "\"\"", "\" 2026-01-01\"", "\"2026-01-01T00:00:00Z\"", "true", "{}", "\"tomorrow\"", "1.5"));
                case DATE_TIME -> out.addAll(List.of("1700000000", "\"2026-01-01\"", "\"yesterday\"", "\"2026-01-01T25:00:00Z\"", "[]",
                        "[2026,1,1,0,0]", "true", "\"\""));
                case UUID -> out.addAll(List.of("\"not-a-uuid\"", "\"\"", "\"00000000-0000-0000-0000-00000000000g\"", "1", "[]", "{}"));
                case INTEGER -> out.addAll(List.of("\"1\"", "\"one\"", "1.5", "true", "[]", "{}", "1e400", "9223372036854775808",
                        "-9223372036854775809", "\"\""));
                case NUMBER -> out.addAll(List.of("\"1\"", "true", "[]", "{}", "\"NaN\""));
                case BOOLEAN -> out.addAll(List.of("\"true\"", "1", "0", "\"yes\"", "[]", "{}"));
                case ARRAY -> out.addAll(List.of("\"x\"", "{}", "1", "true", "[[[]]]"));
                case OBJECT -> out.addAll(List.of("\"x\"", "[]", "1", "true"));
            }
            return out;
        }

        private void duplicates(ObjectNode base, String name, String field) {
            String value = base.has(name) ? base.get(name).toString() : "\"x\"";
            String rest = base.toString().substring(1);
            String key = JSON.getNodeFactory().textNode(name).toString();
            for (String[] twice : List.of(new String[] {"null", value}, new String[] {value, value}, new String[] {value, "null"})) {
                String body;
                if (twice[1].equals(value) && base.has(name)) {
                    body = "{" + key + ":" + twice[0] + (rest.equals("}") ? "}" : "," + rest);
                } else {
                    ObjectNode without = base.deepCopy();
                    without.remove(name);
                    String r = without.toString().substring(1);
                    body = "{" + key + ":" + twice[0] + "," + key + ":" + twice[1] + (r.equals("}") ? "}" : "," + r);
                }
                add(bodyRequest(body, "duplicate-key", field, name + " given twice (" + clip(twice[0]) + ", " + clip(twice[1]) + ")", false));
            }
        }

        private void boundaries(ObjectNode base, String name, Kind kind, Schema schema, String field) {
            switch (kind) {
                case INTEGER, NUMBER -> {
                    for (String v : List.of("0", "-1", "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808")) {
                        boolean outside = schema != null && ((schema.minimum() != null && new java.math.BigInteger(v).compareTo(
                                java.math.BigInteger.valueOf(schema.minimum())) < 0) || (schema.maximum() != null
                                        && new java.math.BigInteger(v).compareTo(java.math.BigInteger.valueOf(schema.maximum())) > 0));
                        add(withField(base, name, v, "boundary", field, name + " = " + v, !outside));
                    }
                }
                case DATE -> {
                    for (String v : List.of("+999999999-12-31", "-999999999-01-01", "0000-01-01", "9999-12-31", "1900-01-01", "+10000-01-01")) {
                        add(withField(base, name, "\"" + v + "\"", "absurd-date", field, name + " = " + v, true));
                    }
                }
                case DATE_TIME -> {
                    for (String v : List.of("+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                            "1970-01-01T00:00:00Z")) {
                        add(withField(base, name, "\"" + v + "\"", "absurd-date", field, name + " = " + v, true));
                    }
                }
                case STRING, ENUM, UUID -> {
                    Integer max = schema == null ? null : schema.maxLength();
                    Integer min = schema == null ? null : schema.minLength();
                    int longer = max == null ? 10_000 : max + 1 + random.nextInt(50);
                    add(withField(base, name, "\"" + "x".repeat(longer) + "\"", "long-string", field, name + " of " + longer + " characters",
                            max == null && kind == Kind.STRING));
                    add(withField(base, name, "\"\"", "boundary", field, name + " empty", kind == Kind.STRING && (min == null || min == 0)));
                    add(withField(base, name, "\"   \"", "boundary", field, name + " blank", true));
                    add(withField(base, name, JSON.getNodeFactory().textNode(pick(List.of("Zoë Ødegård", "日本語", "😀", "\u202eevil",
                            "a\u200bb", "<script>alert(1)</script>", "'; DROP TABLE x; --"))).toString(), "odd-text", field, name + " odd text",
                            kind == Kind.STRING));
                }
                default -> {
                }
            }
        }

        private HostileRequest.Builder withField(ObjectNode base, String name, String rawJsonValue, String family, String field,
                String description, boolean mayPass) {
            ObjectNode without = base.deepCopy();
            without.remove(name);
            String rest = without.toString().substring(1);
            String key = JSON.getNodeFactory().textNode(name).toString();
            return bodyRequest("{" + key + ":" + rawJsonValue + (rest.equals("}") ? "}" : "," + rest), family, field, description, mayPass);
        }

        private HostileRequest.Builder rawField(ObjectNode base, String name, String text, byte[] bad, String field) {
            ObjectNode without = base.deepCopy();
            without.remove(name);
            String rest = without.toString().substring(1);
            byte[] head = ("{" + JSON.getNodeFactory().textNode(name) + ":\"" + text).getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\"" + (rest.equals("}") ? "}" : "," + rest)).getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            // The encoding is the body's fault, whichever field holds the bytes.
            return good("invalid-utf8", field == null ? null : "body", name + " with bytes that are not UTF-8").body(body);
        }

        private HostileRequest.Builder bodyRequest(String body, String family, String field, String description, boolean mayPass) {
            HostileRequest.Builder b = good(family, field, description).body(body);
            b.mayPass = mayPass;
            if (random.nextInt(20) == 0) {
                // Now and then the same body goes chunked: the limits and the parsing must not depend on how it is framed.
                b.chunked = true;
                b.description += " (chunked)";
            }
            return b;
        }

        // ---- the body as a whole

        private void bodyShapes() {
            if (!op.writes()) {
                return;
            }
            boolean hasBody = validBody != null;
            for (String body : List.of("hello", "null", "[]", "\"x\"", "1", "true", "{", "{}}", "{\"a\":1,}", "{'a':1}", "/*c*/{}",
                    "{\"a\":NaN}", "[{}]", "{\"a\":\"\\u0000\"}")) {
                // On an operation without a body, any body at all is refused (415 when not JSON, 400 when it is).
                HostileRequest.Builder b = good("body-shape", null, "body " + clip(body)).body(body);
                if (!hasBody) {
                    // An operation that reads no body may ignore one it did not ask for.
                    b.header("Content-Type", "application/json");
                    b.mayPass = true;
                }
                add(b);
            }
            HostileRequest.Builder emptyObject = good("body-shape", null, "empty object").body("{}");
            emptyObject.mayPass = !(hasBody && op.body() != null && !op.body().required().isEmpty());
            add(emptyObject);
            if (hasBody) {
                HostileRequest.Builder empty = good("body-shape", "body", "empty body").body(new byte[0]);
                empty.withoutHeader("Content-Length");
                add(empty);
            }
            int depth = 2000 + random.nextInt(8000);
            add(good("deep-nesting", null, "arrays nested " + depth + " deep").body("[".repeat(depth) + "]".repeat(depth)));
            add(good("deep-nesting", null, "objects nested " + depth + " deep").body("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
            if (hasBody && validBody.startsWith("{")) {
                add(good("deep-nesting", null, "a field nested deep").body("{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + ","
                        + validBody.substring(1)));
                StringBuilder keys = new StringBuilder("{");
                int n = 2000 + random.nextInt(2000);
                for (int i = 0; i < n; i++) {
                    keys.append("\"k").append(i).append("\":1,");
                }
                add(good("many-keys", null, n + " unknown keys").body(keys + validBody.substring(1)));
            }
            int over = maxBody + 1 + random.nextInt(maxBody);
            String padding = "{\"pad\":\"" + "p".repeat(over) + "\"}";
            add(good("body-too-large", null, "declared body of " + over + " bytes").body(padding));
            HostileRequest.Builder chunked = good("chunked-too-large", null, "chunked body of " + over + " bytes").body(padding);
            chunked.chunked = true;
            add(chunked);
            HostileRequest.Builder chunkedHuge = good("chunked-too-large", null, "chunked body of 1.2 MB").body("{\"pad\":\"" + "p".repeat(1_200_000) + "\"}");
            chunkedHuge.chunked = true;
            add(chunkedHuge);
        }

        // ---- Content-Type

        private void contentTypes() {
            if (!op.writes()) {
                return;
            }
            String body = validBody == null ? "{}" : validBody;
            for (String type : List.of("*/*", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "application/jsonx",
                    "json", "text/json", "application/json\u0000", "application/*")) {
                add(good("content-type", null, "Content-Type " + clip(type)).replaceHeader("Content-Type", type).body(body));
            }
            add(good("content-type", null, "no Content-Type").withoutHeader("Content-Type").body(body));
            add(good("content-type", null, "empty Content-Type").replaceHeader("Content-Type", "").body(body));
        }

        // ---- path parameters

        private void pathParameters() {
            for (String name : pathParams.keySet()) {
                String valid = encode(pathParams.get(name));
                List<String> values = new ArrayList<>(List.of("%00", valid + "%00", "%00" + valid, "%01", "%1B", "%7F", "%FF", "%C3%28",
                        "%ED%A0%80", "%F4%90%80%80", "%E2%82", valid + "%20", "%20", "%2F", "%5C", "null", "undefined", "-1", "0",
                        "9223372036854775808", "%27%20OR%20%271%27%3D%271", "%E2%80%AE", valid.toUpperCase(Locale.ROOT) + "x",
                        new UUID(random.nextLong(), random.nextLong()).toString(), "x".repeat(1000 + random.nextInt(3000))));
                for (String v : values) {
                    HostileRequest.Builder b = HostileRequest.to(op.method(), target(Map.of(name, v), goodQuery()));
                    fill(b, v.contains("%00") ? "nul" : "path-parameter", null, name + " = " + clip(v));
                    add(b);
                }
                HostileRequest.Builder raw = HostileRequest.to(op.method(), "");
                raw.target = concat(target(Map.of(name, valid), "").getBytes(StandardCharsets.ISO_8859_1), NOT_UTF8.get(random.nextInt(NOT_UTF8.size())));
                fill(raw, "invalid-utf8", null, name + " with raw bytes that are not UTF-8");
                add(raw);
                for (String dots : List.of("..", "%2E%2E", ".")) {
                    HostileRequest.Builder b = HostileRequest.to(op.method(), target(Map.of(name, dots), goodQuery()));
                    fill(b, "path-parameter", null, name + " = " + dots);
                    b.mayPass = true;
                    add(b);
                }
            }
        }

        private void fill(HostileRequest.Builder b, String family, String field, String description) {
            b.family = family;
            b.operation = op.toString();
            b.field = field;
            b.description = description;
            b.header("Authorization", token);
            if (validBody != null) {
                b.header("Content-Type", "application/json");
                b.body(validBody);
            }
        }

        // ---- query parameters

        private void queryParameters() {
            for (Parameter p : op.in("query")) {
                String name = p.name();
                String valid = query.get(name);
                Kind kind = kind(p.schema(), valid == null ? null : JSON.getNodeFactory().textNode(valid));
                List<String[]> values = new ArrayList<>();
                for (String v : List.of("%00", "a%00b", "%01", "%7F", "%FF", "%C3%28", "%ED%A0%80")) {
                    values.add(new String[] {v.contains("%00") ? "nul" : v.startsWith("%0") || v.equals("%7F") ? "control-character"
                            : "invalid-utf8", v, "false"});
                }
                // Without a declared maxLength a long value is legal (up to the request-line limit); a typed one must still parse.
                boolean declaredLength = p.schema().maxLength() != null;
                values.add(new String[] {"long-string", "q".repeat(2000 + random.nextInt(4000)),
                        String.valueOf(!declaredLength && (kind == Kind.STRING || kind == Kind.UUID))});
                switch (kind) {
                    case DATE -> {
                        for (String v : List.of("2026-13-01", "2025-02-29", "tomorrow", "20260101", "01%2F02%2F2026", "2026-01-01T00:00:00Z")) {
                            values.add(new String[] {"wrong-type", v, "false"});
                        }
                        for (String v : List.of("%2B999999999-12-31", "-999999999-01-01", "0000-01-01", "9999-12-31", "%2B10000-01-01")) {
                            values.add(new String[] {"absurd-date", v, "true"});
                        }
                    }
                    case DATE_TIME -> {
                        for (String v : List.of("2026-01-01", "yesterday", "1700000000", "2026-01-01T25:00:00Z")) {
                            values.add(new String[] {"wrong-type", v, "false"});
                        }
                        for (String v : List.of("%2B1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z",
                                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z")) {
                            values.add(new String[] {"absurd-date", v, "true"});
                        }
                    }
                    case INTEGER, NUMBER -> {
                        for (String v : List.of("abc", "1.5", "99999999999999999999", "")) {
                            values.add(new String[] {"wrong-type", v, String.valueOf(v.isEmpty())});
                        }
                        for (String v : List.of("-1", "0", "2147483647", "9223372036854775807")) {
                            values.add(new String[] {"boundary", v, "true"});
                        }
                    }
                    case BOOLEAN -> {
                        for (String v : List.of("maybe", "2", "yes")) {
                            values.add(new String[] {"wrong-type", v, "false"});
                        }
                        values.add(new String[] {"boundary", "TRUE", "true"});
                    }
                    case ENUM, UUID -> {
                        // An id guessed to be a UUID from its value may be any text: only a declared format must refuse.
                        boolean declared = kind == Kind.ENUM || "uuid".equals(p.schema().format());
                        values.add(new String[] {"wrong-type", "NOT_A_VALUE", String.valueOf(!declared)});
                        values.add(new String[] {"wrong-type", "%20", "true"});
                    }
                    default -> values.add(new String[] {"odd-text", encode(pick(List.of("Zoë", "😀", "\u202e", "<script>"))), "true"});
                }
                for (String[] v : values) {
                    Map<String, String> raw = new LinkedHashMap<>();
                    query.forEach((k, val) -> raw.put(k, encode(val)));
                    raw.put(name, v[1]);
                    StringBuilder q = new StringBuilder();
                    raw.forEach((k, val) -> q.append(q.length() == 0 ? "" : "&").append(encode(k)).append('=').append(val));
                    HostileRequest.Builder b = HostileRequest.to(op.method(), target(Map.of(), q.toString()));
                    fill(b, v[0], name, name + " = " + clip(v[1]));
                    b.mayPass = Boolean.parseBoolean(v[2]);
                    add(b);
                }
                // The same parameter twice, with two values.
                HostileRequest.Builder twice = HostileRequest.to(op.method(), target(Map.of(), goodQuery() + (query.isEmpty() ? "" : "&")
                        + encode(name) + "=" + (valid == null ? "a" : encode(valid)) + "&" + encode(name) + "=zz"));
                fill(twice, "repeated-parameter", null, name + " given twice");
                twice.mayPass = true;
                add(twice);
            }
            contradictions();
            HostileRequest.Builder unknown = HostileRequest.to(op.method(), target(Map.of(), goodQuery() + (query.isEmpty() ? "" : "&")
                    + "zz" + random.nextInt(100) + "=%00x"));
            fill(unknown, "unknown-parameter", null, "an unknown query parameter holding NUL");
            unknown.mayPass = true;
            add(unknown);
        }

        /** A period given backwards: from after to, start after end, xFrom after xTo, after after before. */
        private void contradictions() {
            List<String> names = op.in("query").stream().map(Parameter::name).toList();
            for (String first : names) {
                String second = first.equals("from") ? "to" : first.equals("start") ? "end" : first.equals("after") ? "before"
                        : first.endsWith("From") ? first.substring(0, first.length() - 4) + "To" : null;
                if (second == null) {
                    continue;
                }
                LocalDate day = LocalDate.now().minusDays(1 + random.nextInt(300));
                if (names.contains(second)) {
                    Map<String, String> q = new LinkedHashMap<>(query);
                    q.put(first, day.toString());
                    q.put(second, day.minusDays(1 + random.nextInt(60)).toString());
                    add(withQuery(q, "contradictory-parameters", first + "|" + second, first + " after " + second, false));
                }
                // One end only, after the other's default (today or the as-known-at): backwards too, or an empty period.
                Map<String, String> q = new LinkedHashMap<>(query);
                q.put(first, LocalDate.now().plusYears(1 + random.nextInt(5)).toString());
                q.remove(second);
                add(withQuery(q, "contradictory-parameters", null, first + " after the default " + second, true));
            }
        }

        private HostileRequest.Builder withQuery(Map<String, String> q, String family, String field, String description, boolean mayPass) {
            StringBuilder sb = new StringBuilder();
            q.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v)));
            HostileRequest.Builder b = HostileRequest.to(op.method(), target(Map.of(), sb.toString()));
            fill(b, family, field, description);
            b.mayPass = mayPass;
            return b;
        }

        // ---- headers: tokens, Idempotency-Key, If-Match, anything

        private void headers() {
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                add(good("bad-token", null, bad.getKey()).replaceHeader("Authorization", bad.getValue()));
            }
            String[] parts = token.substring(token.indexOf(' ') + 1).split("\\.");
            List<String[]> forged = new ArrayList<>();
            forged.add(new String[] {"no token", null});
            forged.add(new String[] {"Bearer without a token", "Bearer"});
            forged.add(new String[] {"empty bearer", "Bearer "});
            forged.add(new String[] {"garbage", "Bearer " + "garbage".repeat(1 + random.nextInt(5))});
            forged.add(new String[] {"basic credentials", "Basic dXNlcjpwYXNz"});
            forged.add(new String[] {"three empty parts", "Bearer .."});
            if (parts.length == 3 && parts[1].length() > 4 && parts[2].length() > 4) {
                String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
                forged.add(new String[] {"alg none", "Bearer " + none + "." + parts[1] + "."});
                forged.add(new String[] {"signature cut", "Bearer " + parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() / 2)});
                forged.add(new String[] {"payload changed", "Bearer " + parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2]});
                forged.add(new String[] {"NUL in the token", "Bearer " + parts[0] + "\u0000." + parts[1] + "." + parts[2]});
            }
            forged.add(new String[] {"huge token", "Bearer " + "a".repeat(8000) + "." + "b".repeat(2000) + ".c"});
            for (String[] f : forged) {
                HostileRequest.Builder b = good("bad-token", null, f[0]);
                if (f[1] == null) {
                    b.withoutHeader("Authorization");
                } else {
                    b.replaceHeader("Authorization", f[1]);
                }
                add(b);
            }
            if (op.writes()) {
                boolean idem = op.declaresHeader("Idempotency-Key");
                for (String key : List.of("", "   ", "k".repeat(300), "k".repeat(5000), "a\u0000b", "a\u0001b", "two words", "ключ",
                        "\u0000")) {
                    HostileRequest.Builder b = good("idempotency-key", idem ? "Idempotency-Key" : null, "Idempotency-Key " + clip(key))
                            .header("Idempotency-Key", key);
                    b.mayPass = !idem;
                    add(b);
                }
                boolean ifMatch = op.declaresHeader("If-Match");
                for (String tag : List.of("abc", "\"x\"", "W/", "\"-1\"", "\"99999999999999999999\"", "\"1\", \"2\"", "a\u0000", "\"" + "9".repeat(5000)
                        + "\"", "\"0\"")) {
                    HostileRequest.Builder b = good("if-match", ifMatch ? "If-Match" : null, "If-Match " + clip(tag)).header("If-Match", tag);
                    b.mayPass = !ifMatch || tag.equals("\"0\"");
                    add(b);
                }
            }
            String control = pick(CONTROLS);
            HostileRequest.Builder anyHeader = good("control-character", null, "a header holding U+" + String.format("%04X", (int) control.charAt(0)))
                    .header("X-Note", insertAt("note", control));
            anyHeader.mayPass = true;
            add(anyHeader);
            HostileRequest.Builder accept = good("accept", null, "Accept application/xml").header("Accept", "application/xml");
            accept.mayPass = true;
            add(accept);
        }

        // ---- the request line and the header block

        private void methodsAndSizes() {
            Set<String> served = new HashSet<>();
            for (Operation other : document.operations()) {
                if (other.path().equals(op.path())) {
                    served.add(other.method());
                }
            }
            for (String method : List.of("PATCH", "DELETE", "PUT", "POST", "PROPFIND", "FOO", "get", "TRACE", "CONNECT", "OPTIONS", "HEAD")) {
                if (served.contains(method)) {
                    continue;
                }
                HostileRequest.Builder b = good("odd-method", null, method + " instead of " + op.method());
                b.method = method;
                b.mayPass = method.equals("OPTIONS") || method.equals("HEAD") && served.contains("GET");
                add(b);
            }
            int uri = maxUri + 1 + random.nextInt(Math.max(1, 56 * 1024 - maxUri));
            HostileRequest.Builder longUri = HostileRequest.to(op.method(), target(Map.of(), goodQuery() + (query.isEmpty() ? "" : "&") + "pad="
                    + "u".repeat(uri)));
            fill(longUri, "uri-too-long", null, "request target of " + uri + " characters");
            add(longUri);
            if (!pathParams.isEmpty()) {
                String name = pathParams.keySet().iterator().next();
                HostileRequest.Builder longPath = HostileRequest.to(op.method(), target(Map.of(name, "i".repeat(uri)), goodQuery()));
                fill(longPath, "uri-too-long", null, "path parameter of " + uri + " characters");
                add(longPath);
            }
            int header = maxHeaders + 1 + random.nextInt(Math.max(1, 56 * 1024 - maxHeaders));
            add(good("headers-too-large", null, "one header of " + header + " bytes").header("X-Pad", "h".repeat(header)));
            HostileRequest.Builder many = good("headers-too-large", null, "many headers");
            for (int i = 0; i * 40 < header; i++) {
                many.header("X-Pad-" + i, "v".repeat(30));
            }
            add(many);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…(" + s.length() + ")";
    }
}
