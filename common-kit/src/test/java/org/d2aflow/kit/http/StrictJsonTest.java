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

    enum Sex { FEMALE, MALE }

    record Capacity(Integer units, LocalDate fromDate, String note) {
    }

    record Person(Sex sex, java.util.List<String> names) {
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

    @Test
    void textRefusesControlCharactersAndUnpairedSurrogatesNamingTheField() throws Exception {
        for (String bad : new String[] {"a\\u0000b", "\\u0000", "x\\u001b", "x\\u007f", "x\\u0085", "\\ud800", "a\\udc00b", "\\ud83dz"}) {
            assertThatThrownBy(() -> json.readValue("{\"note\": \"" + bad + "\"}", Capacity.class)).as(bad)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class)
                    .hasMessageContaining(StrictJson.TEXT_REFUSED)
                    .satisfies(e -> assertThat(((com.fasterxml.jackson.databind.JsonMappingException) e).getPath().get(0).getFieldName())
                            .isEqualTo("note"));
        }
        assertThatThrownBy(() -> json.readValue("{\"names\": [\"ok\", \"n\\u0000\"]}", Person.class))
                .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
        // Tabs and line breaks are text; so are whole surrogate pairs (an emoji).
        assertThat(json.readValue("{\"note\": \"two\\nlines\\tand \\ud83d\\ude00\"}", Capacity.class).note())
                .isEqualTo("two\nlines\tand \ud83d\ude00");
    }

    @Test
    void datesAndCodesWithBlanksOrControlsAtAnEndAreRefusedNotTrimmed() throws Exception {
        for (String bad : new String[] {" 2026-12-06", "2026-12-06 ", "\\u00002026-12-06", "2026-12-06\\u0000"}) {
            assertThatThrownBy(() -> json.readValue("{\"fromDate\": \"" + bad + "\"}", Capacity.class)).as(bad)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
        }
        for (String bad : new String[] {"FEMALE\\u0000", " FEMALE", "FEMALE "}) {
            assertThatThrownBy(() -> json.readValue("{\"sex\": \"" + bad + "\"}", Person.class)).as(bad)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
        }
        assertThat(json.readValue("{\"sex\": \"FEMALE\"}", Person.class).sex()).isEqualTo(Sex.FEMALE);
    }
}
