package org.d2aflow.testkit.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The generator reads a bare document and a rich one alike, and the seed alone decides what it sends. */
class HostileGeneratorTest {

    /** Today's kind of document: no operationIds, an untyped body, parameters as plain strings. */
    private static final String BARE = """
            {"openapi":"3.0.3","paths":{
              "/things":{"post":{"requestBody":{"content":{"application/json":{"schema":{}}}},"responses":{"201":{"description":"ok"}}},
                         "get":{"parameters":[{"name":"from","in":"query","schema":{"type":"string"}},
                                              {"name":"to","in":"query","schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}},
              "/things/{id}/stream":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                         "responses":{"200":{"content":{"text/event-stream":{}}}}}}}}""";

    /** A richer one: operationIds, $refs, 3.1 type lists, enums, formats, bounds, required, declared headers. */
    private static final String RICH = """
            {"openapi":"3.1.0","paths":{
              "/things/{id}":{"parameters":[{"$ref":"#/components/parameters/Id"}],
                "put":{"operationId":"changeThing","parameters":[{"name":"If-Match","in":"header","schema":{"type":"string"}},
                                                   {"name":"Idempotency-Key","in":"header","schema":{"type":"string"}}],
                       "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
                       "responses":{"200":{"description":"ok"}}}}},
             "components":{"parameters":{"Id":{"name":"id","in":"path","required":true,"schema":{"type":"string","format":"uuid"}}},
               "schemas":{"Thing":{"type":"object","required":["day","kind"],"additionalProperties":false,"properties":{
                 "day":{"type":"string","format":"date"},"kind":{"type":"string","enum":["A","B"]},
                 "units":{"type":["integer","null"],"minimum":0,"maximum":500},"note":{"type":"string","maxLength":200}}}}}}""";

    private static HostileGenerator generator(String document, long seed) {
        return HostileGenerator.from(ApiDocument.parse(document)).seed(seed).count(2000).token("Bearer header0.payload00.signature0")
                .badToken("expired", "Bearer x.y.z").queryValue("from", "2026-01-01").queryValue("to", "2026-02-01")
                .pathValues((path, name) -> "4f0c1d2e-1111-2222-3333-444455556666")
                .bodies(op -> op.toString().equals("POST /things") ? "{\"day\":\"2026-01-02\",\"name\":\"x\",\"units\":3}"
                        : op.toString().equals("PUT /things/{id}") ? "{\"day\":\"2026-01-02\",\"kind\":\"A\",\"units\":3,\"note\":\"x\"}" : null);
    }

    @Test
    void readsEveryOperationOfABareOrARichDocumentWithoutOperationIds() {
        assertThat(ApiDocument.parse(BARE).operations()).extracting(Object::toString)
                .containsExactlyInAnyOrder("POST /things", "GET /things", "GET /things/{id}/stream");
        ApiDocument.Operation put = ApiDocument.parse(RICH).operations().get(0);
        assertThat(put.in("path")).extracting(ApiDocument.Parameter::name).containsExactly("id");
        assertThat(put.declaresHeader("if-match")).isTrue();
        assertThat(put.body().required()).containsExactly("day", "kind");
        assertThat(put.body().properties().get("units").type()).isEqualTo("integer");
        assertThat(put.body().properties().get("kind").enumValues()).containsExactly("A", "B");
        assertThat(HostileGenerator.kind(put.body().properties().get("day"), null)).isEqualTo(HostileGenerator.Kind.DATE);
    }

    @Test
    void theSeedDecidesTheRequestsAndTheyCoverEveryKindOfBadness() {
        for (String document : List.of(BARE, RICH)) {
            List<HostileRequest> first = generator(document, 7).generate();
            List<HostileRequest> again = generator(document, 7).generate();
            List<HostileRequest> other = generator(document, 8).generate();
            assertThat(first).hasSize(2000);
            assertThat(fingerprints(again)).isEqualTo(fingerprints(first));
            assertThat(fingerprints(other)).isNotEqualTo(fingerprints(first));
            assertThat(first).noneMatch(r -> r.targetText().contains("/stream"));
            Set<String> families = first.stream().map(HostileRequest::family).collect(Collectors.toSet());
            assertThat(families).contains("wrong-type", "extra-key", "duplicate-key", "nul", "control-character",
                    "lone-surrogate", "invalid-utf8", "deep-nesting", "body-too-large", "chunked-too-large", "content-type", "bad-token",
                    "odd-method", "uri-too-long", "headers-too-large");
        }
        Set<String> rich = generator(RICH, 7).generate().stream().map(HostileRequest::family).collect(Collectors.toSet());
        assertThat(rich).contains("missing-key", "idempotency-key", "if-match", "absurd-date", "long-string", "boundary");
        Set<String> bare = generator(BARE, 7).generate().stream().map(HostileRequest::family).collect(Collectors.toSet());
        assertThat(bare).contains("contradictory-parameters");
    }

    @Test
    void aRefusalMustNameTheFieldTheRequestBroke() {
        List<HostileRequest> requests = generator(RICH, 3).generate();
        assertThat(requests).filteredOn(r -> r.family().equals("wrong-type")).allMatch(r -> r.field() != null && !r.mayPass());
        assertThat(requests).filteredOn(r -> r.family().equals("missing-key") && r.description().contains("without kind"))
                .isNotEmpty().allMatch(r -> !r.mayPass());
        // units is not required: leaving it out may pass.
        assertThat(requests).filteredOn(r -> r.description().equals("without units")).allMatch(HostileRequest::mayPass);
    }

    @Test
    void readsAChunkedAnswer() {
        byte[] raw = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\ntransfer-encoding: chunked\r\n\r\n3\r\n{\"a\r\n2\r\n\":\r\n2\r\n1}\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer a = RawHttp.parse(raw, null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).isEqualTo("{\"a\":1}");
    }

    private static List<String> fingerprints(List<HostileRequest> requests) {
        return requests.stream().map(r -> r + "|" + (r.body() == null ? "" : new String(r.body(), StandardCharsets.ISO_8859_1)) + "|"
                + r.headers().stream().map(h -> h[0] + "=" + h[1]).collect(Collectors.joining(","))).toList();
    }
}
