package org.d2aflow.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** How request bodies are read: what a lenient reader would guess at is refused. */
class StrictJsonTest {

    record Capacity(Integer units, LocalDate fromDate, String note) {
    }

    private final ObjectMapper json = strict();

    private static ObjectMapper strict() {
        ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(m);
        return m;
    }

    @Test
    void aDuplicateKeyIsRefusedNotLastOneWins() {
        assertThatThrownBy(() -> json.readValue("{\"units\": null, \"units\": 5}", Capacity.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'units'");
        assertThatThrownBy(() -> json.readTree("{\"a\": {\"b\": 1, \"b\": 2}}"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'b'");
    }

    @Test
    void aDateIsIsoTextOnlyNotAnArray() throws Exception {
        assertThatThrownBy(() -> json.readValue("{\"fromDate\": []}", Capacity.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"fromDate\": [2026, 12, 6]}", Capacity.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"fromDate\": 20261206}", Capacity.class)).isInstanceOf(MismatchedInputException.class);
        assertThat(json.readValue("{\"fromDate\": \"2026-12-06\"}", Capacity.class).fromDate()).isEqualTo(LocalDate.of(2026, 12, 6));
    }

    @Test
    void numbersAreNotTextAndTextIsNotANumber() throws Exception {
        assertThatThrownBy(() -> json.readValue("{\"note\": 5}", Capacity.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"units\": \"5\"}", Capacity.class)).isInstanceOf(MismatchedInputException.class);
        assertThat(json.readValue("{\"units\": 5, \"note\": \"x\"}", Capacity.class).units()).isEqualTo(5);
    }
}
