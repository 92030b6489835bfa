package org.d2aflow.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import org.d2aflow.metrics.query.LiveFigures;
import org.d2aflow.testkit.AccessMatrix;
import org.d2aflow.testkit.AccessMatrix.Call;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.hostile.ProblemShape;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /figures/stream} is a plain Vert.x route (LiveStream), not a REST resource method: it checks the caller and its
 * input itself. Its refusals must be what the REST endpoints answer: 401 problem+json with a Bearer challenge for no token or
 * any bad one, 403 problem+json for a role other than commissioner or admin, 400 problem+json naming the parameter for bad
 * input, and never a 5xx whatever {@code figures}, {@code seen} and {@code Last-Event-ID} hold.
 */
@QuarkusTest
@DefaultToken(roles = {})
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class LiveStreamRouteTest {

    private static final String ORG = "COMMISSIONING";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noTokenOrABadOneIs401AndAnotherRoleIs403AsProblemsLikeTheRestEndpoints() throws Exception {
        Call stream = Call.of("GET", "/figures/stream", null, ORG, 200, "commissioner");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("no token", null);
        bad.put("expired", TestTokens.expired("commissioner", ORG));
        bad.put("wrongly signed", TestTokens.wronglySigned("commissioner", ORG));
        bad.put("another issuer", TestTokens.foreignIssuer("commissioner", ORG));
        bad.put("another audience", TestTokens.otherAudience("commissioner", ORG));
        bad.put("unsigned", TestTokens.unsigned("commissioner", ORG));
        bad.put("HS256 keyed with the public key", TestTokens.keyConfusion("commissioner", ORG));
        bad.put("not a JWT", "Bearer not-a-jwt");
        // The REST endpoints' answer to the same token, for comparison.
        Call rest = Call.of("GET", "/figures/live", null, ORG, 200, "commissioner");
        for (Map.Entry<String, String> token : bad.entrySet()) {
            var r = AccessMatrix.send(null, stream, token.getValue());
            var expected = AccessMatrix.send(null, rest, token.getValue());
            assertThat(r.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(r.header("Content-Type")).as(token.getKey()).startsWith("application/problem+json");
            assertThat(r.header("WWW-Authenticate")).as(token.getKey()).isEqualTo(expected.header("WWW-Authenticate")).startsWith("Bearer");
            JsonNode problem = JSON.readTree(r.asString());
            JsonNode same = JSON.readTree(expected.asString());
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(problem.path(field)).as(token.getKey() + " " + field).isEqualTo(same.path(field));
            }
            assertThat(problem.path("instance").asText()).isEqualTo("/figures/stream");
        }
        for (String role : List.of("coordinator", "homefirst")) {
            var r = AccessMatrix.send(null, stream, TestTokens.bearer(role, ORG));
            var expected = AccessMatrix.send(null, rest, TestTokens.bearer(role, ORG));
            assertThat(r.statusCode()).as(role).isEqualTo(403);
            assertThat(r.header("Content-Type")).as(role).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(r.asString());
            JsonNode same = JSON.readTree(expected.asString());
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(problem.path(field)).as(role + " " + field).isEqualTo(same.path(field));
            }
        }
    }

    @Test
    void badFiguresAreA400ProblemNamingFigures() throws Exception {
        for (String query : List.of("figures=no-such-figure", "figures=length-of-stay,no-such-figure", "figures=,,,", "figures=%2C%20",
                "figures=length-of-stay%2Cno-such-figure", "figures=%E2%82", "figures=%C3%28", "figures=%00")) {
            Answer a = get("/figures/stream?" + query, null);
            assertThat(a.status).as(query).isEqualTo(400);
            assertThat(a.body).as(query + " (a problem, not the HTTP layer's bare 400)").isNotEmpty();
            assertThat(ProblemShape.violations(400, a.contentType, a.body)).as(query).isEmpty();
            assertThat(ProblemShape.fields(a.body)).as(query).containsExactly("figures");
        }
        // A malformed escape (%zz, %+1, a lone %) is refused before any route, as for every endpoint: a bare 400 from the HTTP
        // layer, the same as a REST endpoint answers.
        for (String query : List.of("figures=%zz", "figures=%+1", "figures=%", "seen=%g0")) {
            Answer a = get("/figures/stream?" + query, null);
            Answer rest = get("/figures/live?" + query, null);
            assertThat(a.status).as(query).isEqualTo(400).isEqualTo(rest.status);
            assertThat(a.body).as(query).isEqualTo(rest.body);
        }
        // As with the REST resource method before: of a repeated parameter the first counts, an absent or blank one is the default.
        for (String query : List.of("figures=length-of-stay&figures=no-such-figure", "figures=", "figures=%20", "seen=x&seen=", "other=1")) {
            assertThat(get("/figures/stream?" + query, null).status).as(query).isEqualTo(200);
        }
    }

    @Test
    void noGeneratedFiguresSeenOrLastEventIdIsA5xx() throws Exception {
        List<String> streamed = LiveFigures.streamed();
        // Values of each kind: real figure names and ids, lists of them with junk, any Unicode text, and raw query text
        // (sent as it is, percent-encoding and all, so that bad escapes reach the service too).
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(streamed), Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-:.,% +").ofMaxLength(30));
        Arbitrary<String> id = Arbitraries.oneOf(name, name.map(n -> n + "." + "0123456789ab"),
                Arbitraries.strings().withChars("0123456789abcdef.").ofMaxLength(16).map(h -> streamed.get(0) + "." + h));
        Arbitrary<String> list = id.list().ofMaxSize(5).map(l -> String.join(",", l));
        Arbitrary<String> encoded = list.map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8));
        Arbitrary<String> raw = Arbitraries.oneOf(encoded,
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-:.,%+;/?@!$'()*~").ofMaxLength(40),
                Arbitraries.of("%", "%+1", "%zz", "%2", "%C3", "%C3%28", "%00", "%0A", "%E2%82", "%FF", "+", "%25", "a%2Cb"));
        // A header value holds visible ISO-8859-1 characters (a line break would end the header).
        Arbitrary<String> header = Arbitraries.oneOf(id.map(v -> v.replaceAll("[^\\x20-\\x7E\\xA0-\\xFF]", "?")),
                Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').ofMaxLength(60));
        // jqwik's generators outside a property (a Quarkus test runs on JUnit Jupiter): sampleStream draws fresh values
        // on each run; a failure names the request.
        List<List<String>> cases = Combinators.combine(raw.injectNull(0.25), raw.injectNull(0.5), header.map(String::strip).injectNull(0.5))
                .as((f, s, h) -> java.util.Arrays.asList(f, s, h)).sampleStream().limit(300).toList();
        int tried = 0;
        List<String> refused = new ArrayList<>();
        for (List<String> c : cases) {
            String figures = c.get(0);
            String seen = c.get(1);
            String lastEventId = c.get(2);
            StringBuilder query = new StringBuilder();
            if (figures != null) {
                query.append("figures=").append(figures);
            }
            if (seen != null) {
                query.append(query.isEmpty() ? "" : "&").append("seen=").append(seen);
            }
            String target = "/figures/stream" + (query.isEmpty() ? "" : "?" + query);
            Answer a = get(target, lastEventId);
            String what = target + " Last-Event-ID=" + lastEventId;
            tried++;
            assertThat(a.status).as(what).isIn(200, 400);
            if (a.status == 400 && a.body.length == 0) {
                // Refused before any route (the HTTP layer, as for every endpoint): the REST endpoints answer the same.
                assertThat(get(target.replace("/figures/stream", "/figures/live"), lastEventId).status).as(what).isEqualTo(400);
            } else if (a.status == 400) {
                refused.add(what);
                assertThat(ProblemShape.violations(400, a.contentType, a.body)).as(what).isEmpty();
                assertThat(ProblemShape.fields(a.body)).as(what).isNotEmpty().allMatch(f -> f.equals("figures") || f.equals("seen"), "figures or seen");
            } else {
                assertThat(a.contentType).as(what).startsWith("text/event-stream");
            }
        }
        assertThat(tried).isEqualTo(300);
        // Both answers were exercised: the generators are not all good input or all bad.
        assertThat(refused).hasSizeBetween(1, 299);
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    /**
     * A raw GET as a commissioner (the target sent byte for byte): the status and content type, and for a refusal its body;
     * a stream is closed as soon as its head has arrived.
     */
    private static Answer get(String target, String lastEventId) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", RestAssured.port), 10_000);
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n")
                    .append("Authorization: ").append(TestTokens.bearer("commissioner", ORG)).append("\r\n")
                    .append("Accept: text/event-stream\r\nConnection: close\r\n");
            if (lastEventId != null) {
                head.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
            }
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int end = -1;
            while (end < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before the head ended: " + bytes.toString(StandardCharsets.ISO_8859_1));
                }
                bytes.write(b);
                String s = bytes.toString(StandardCharsets.ISO_8859_1);
                end = s.endsWith("\r\n\r\n") ? s.length() : -1;
            }
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Function<String, String> headerValue = n -> java.util.Arrays.stream(lines).filter(l -> l.toLowerCase().startsWith(n + ":"))
                    .map(l -> l.substring(n.length() + 1).strip()).findFirst().orElse("");
            String contentType = headerValue.apply("content-type");
            if (status == 200) {
                return new Answer(status, contentType, new byte[0]);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try {
                in.transferTo(body);
            } catch (SocketTimeoutException e) {
                // the body read so far
            }
            byte[] content = body.toByteArray();
            return new Answer(status, contentType, headerValue.apply("transfer-encoding").equalsIgnoreCase("chunked") ? dechunk(content) : content);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int eol = at;
            while (chunked[eol] != '\r') {
                eol++;
            }
            int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
