package org.d2aflow.contracts.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelayReasonCodeListsTest {

    private static final String SECOND = """
            {"listId": "local-2024", "version": 2, "title": "A trust's own list", "source": "https://example.org/codes",
             "validFrom": "2024-04-01", "validTo": "2025-03-31",
             "codes": [{"code": "H1", "label": "Awaiting a bed"}, {"code": "H2", "label": "Awaiting a package"}]}
            """;

    @Test
    void theDefaultIsThe2023AcuteListOfEighteenInPublishedOrder() {
        DelayReasonCodeList list = DelayReasonCodeLists.defaults().find("acute-sitrep-2023", 1).orElseThrow();
        assertThat(list.codes()).hasSize(18);
        assertThat(list.codes().get(0).label()).isEqualTo("Awaiting a medical decision/ intervention including writing the discharge summary");
        assertThat(list.code("15").orElseThrow().label()).startsWith("Pathway 3: awaiting availability of a bed in a residential");
        assertThat(list.code("18").orElseThrow().label()).isEqualTo("Safeguarding concern preventing discharge or Court of Protection");
        assertThat(list.code("19")).isEmpty();
        assertThat(list.source()).startsWith("https://github.com/HFAnalyticsLab/");
        assertThat(list.validOn(LocalDate.of(2022, 12, 31))).isFalse();
        assertThat(list.validOn(LocalDate.of(2023, 1, 1))).isTrue();
    }

    @Test
    void aDirectoryAddsListsBesideTheDefault(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("local.json"), SECOND);
        Files.writeString(dir.resolve("readme.txt"), "ignored");
        DelayReasonCodeLists lists = DelayReasonCodeLists.withDirectory(dir);
        assertThat(lists.all()).extracting(DelayReasonCodeList::listId).containsExactly("acute-sitrep-2023", "local-2024");
        DelayReasonCodeList local = lists.latest("local-2024").orElseThrow();
        assertThat(local.version()).isEqualTo(2);
        assertThat(local.validOn(LocalDate.of(2025, 4, 1))).isFalse();
        assertThat(lists.find("local-2024", 1)).isEmpty();
    }

    @Test
    void theSameListAndVersionTwiceIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), SECOND);
        Files.writeString(dir.resolve("b.json"), SECOND);
        assertThatThrownBy(() -> DelayReasonCodeLists.withDirectory(dir)).hasMessageContaining("local-2024 version 2 is given twice");
    }

    @Test
    void badFilesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> parse(SECOND.replace("https://example.org/codes", "not a url"))).hasMessageContaining("source");
        assertThatThrownBy(() -> parse(SECOND.replace("\"version\": 2", "\"version\": 0"))).hasMessageContaining("version");
        assertThatThrownBy(() -> parse(SECOND.replace("2025-03-31", "2024-03-31"))).hasMessageContaining("validTo");
        assertThatThrownBy(() -> parse(SECOND.replace("\"H2\"", "\"H1\""))).hasMessageContaining("codes[1].code 'H1' is given twice");
        assertThatThrownBy(() -> parse(SECOND.replace("\"label\": \"Awaiting a bed\"", "\"label\": \" \""))).hasMessageContaining("codes[0].label");
        assertThatThrownBy(() -> parse(SECOND.replace("local-2024", "Local 2024"))).hasMessageContaining("listId");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("JSON object");
    }

    private static DelayReasonCodeList parse(String json) {
        return DelayReasonCodeLists.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }
}
