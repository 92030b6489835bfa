package org.d2aflow.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    @Test
    void jsonInUtf8IsAcceptedWhateverTheCaseAndParameters() {
        for (String ok : new String[] {"application/json", "Application/JSON", "application/json; charset=UTF-8",
                "application/json;charset=\"utf-8\"", "application/merge-patch+json", "application/json; version=1"}) {
            assertThat(JsonBodies.problemWith(ok)).as(ok).isNull();
        }
    }

    @Test
    void missingWildcardTextFormsAndOtherCharsetsAreRefused() {
        for (String bad : new String[] {null, "", "  ", "*/*", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonx", "text/json", "application/json; charset=ISO-8859-1"}) {
            assertThat(JsonBodies.problemWith(bad)).as(String.valueOf(bad)).isNotNull();
        }
    }
}
