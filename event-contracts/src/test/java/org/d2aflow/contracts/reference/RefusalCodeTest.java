package org.d2aflow.contracts.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class RefusalCodeTest {

    @Test
    void everyCodeIsUniqueAndWrittenInLowerKebabCase() {
        assertThat(Arrays.stream(RefusalCode.values()).map(RefusalCode::code)).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }
}
