package org.d2aflow.kit.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Headers written by hand (outbox rows, idempotency keys): the text an ObjectMapper writes, read back to the same map. */
class FlatJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesWhatAnObjectMapperWritesAndReadsBack() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "6f1c0b1e-8a59-4b53-9a55-0f3c2f5b8f7e");
        headers.put("ce_subject", "quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007");
        headers.put("ce_source", "/d2a/référral-service ☃ \uD83D\uDE00");
        headers.put("Location", "http://127.0.0.1:8081/referrals/6f1c0b1e");
        headers.put("ETag", "\"1\"");
        headers.put("missing", null);

        String written = FlatJson.object(headers);

        assertThat(written).isEqualTo(JSON.writeValueAsString(headers));
        assertThat(JSON.readValue(written, new TypeReference<LinkedHashMap<String, String>>() {
        })).containsExactlyEntriesOf(headers);
    }

    @Test
    void noFieldsIsAnEmptyObject() {
        assertThat(FlatJson.object(Map.of())).isEqualTo("{}");
    }
}
