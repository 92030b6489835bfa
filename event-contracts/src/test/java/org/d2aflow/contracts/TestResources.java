package org.d2aflow.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Access to the JSON Schemas (main resources) and golden examples (test resources) from tests. */
public final class TestResources {

    public static final String SCHEMAS = "schemas";
    public static final String EXAMPLES = "examples";

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Formats ("date", "uuid"...) are annotations by default in 2020-12; the contract treats them as rules.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private TestResources() {
    }

    public static boolean exists(String directory, String type) {
        return TestResources.class.getClassLoader().getResource(directory + "/" + type + ".json") != null;
    }

    public static byte[] bytes(String directory, String type) {
        try (InputStream in = TestResources.class.getClassLoader().getResourceAsStream(directory + "/" + type + ".json")) {
            if (in == null) {
                throw new AssertionError("no " + directory + "/" + type + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String directory, String type) {
        try {
            return PLAIN.readTree(bytes(directory, type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event types that have a file in the directory, taken from the file names. */
    public static List<String> typesIn(String directory) {
        URL url = TestResources.class.getClassLoader().getResource(directory);
        if (url == null) {
            throw new AssertionError("no " + directory + " directory on the class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonSchema schemaOf(String type) {
        return FACTORY.getSchema(json(SCHEMAS, type), CONFIG);
    }

    /** The schema's complaints about a body; empty when the body is valid. */
    public static Set<ValidationMessage> violations(String type, JsonNode body) {
        return schemaOf(type).validate(body);
    }
}
