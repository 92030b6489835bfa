package org.d2aflow.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.d2aflow.metrics.domain.FigureEngine;
import org.junit.jupiter.api.Test;

/** The OpenAPI document names every figure id the engine serves in /figures/{figure}, and shows ASCOF 2D beside the legacy 2B(1). */
class OpenApiFigureIdsTest {

    private static String document() throws IOException {
        try (InputStream in = OpenApiFigureIdsTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            assertThat(in).as("META-INF/openapi.yaml on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theFigurePathParameterListsEveryFigureId() throws IOException {
        String doc = document();
        int from = doc.indexOf("description: 'A figure id:");
        assertThat(from).as("the figure parameter's description").isPositive();
        String description = doc.substring(from, doc.indexOf("short-term-services'", from) + "short-term-services'".length());

        for (String id : FigureEngine.FIGURES) {
            assertThat(description).as(id).containsPattern("(?<![a-z0-9-])" + id + "(?![a-z0-9-])");
        }
    }

    @Test
    void thereIsAnExampleOfAscof2d() throws IOException {
        assertThat(document()).contains("figure: ascof-2d");
    }
}
