package org.d2aflow.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.d2aflow.kit.domain.FieldError;
import org.junit.jupiter.api.Test;

/** What RequestShape refuses in a request target before any route: control characters and bytes that are not UTF-8. */
class RequestShapeTest {

    @Test
    void aNulOrControlCharacterInThePathIsRefusedAsThePath() {
        for (String uri : List.of("/referrals/%00", "/referrals/abc%00/discharge", "/referrals/%1B", "/referrals/%7F", "/referrals/%C2%85")) {
            assertThat(RequestShape.problems(uri)).as(uri).extracting(FieldError::field).containsExactly("path");
        }
    }

    @Test
    void bytesThatAreNotUtf8OrBrokenEscapesAreRefused() {
        for (String uri : List.of("/referrals/%FF", "/referrals/%C3%28", "/referrals/%ED%A0%80", "/referrals/%F4%90%80%80", "/referrals/%E2%82",
                "/referrals/%", "/referrals/%zz", "/referrals/\u00ff")) {
            assertThat(RequestShape.problems(uri)).as(uri).extracting(FieldError::field).containsExactly("path");
        }
    }

    @Test
    void eachBadQueryParameterIsNamed() {
        assertThat(RequestShape.problems("/referrals?site=%00&locality=East&ward=a%01b&reader=%FF"))
                .extracting(FieldError::field).containsExactly("site", "ward", "reader");
        assertThat(RequestShape.problems("/referrals?a%00=1")).extracting(FieldError::field).containsExactly("query");
    }

    @Test
    void ordinaryTargetsPass() {
        assertThat(RequestShape.problems("/referrals/4f0c1d2e-1111-2222-3333-444455556666/discharge")).isEmpty();
        assertThat(RequestShape.problems("/referrals?locality=Z%C3%B6e%20%F0%9F%98%80&from=2026-01-01&flag&x=")).isEmpty();
    }
}
