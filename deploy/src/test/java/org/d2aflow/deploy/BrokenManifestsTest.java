package org.d2aflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The validation that RenderedManifestsTest relies on fails where it should: each fixture in broken/ has one kind of
 * mistake a hand-edited manifest makes, and the validator names the field.
 */
class BrokenManifestsTest {

    static ManifestSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = new ManifestSchemas();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "deployment-replicas-as-text.yaml   | /spec/replicas: string found, integer expected",
            "deployment-misspelt-probe.yaml     | /spec/template/spec/containers/0: property 'readinesProbe' is not defined in the schema",
            "networkpolicy-port-as-list.yaml    | /spec/policyTypes: string found, array expected",
            "networkpolicy-port-as-list.yaml    | /spec/ingress/0/ports/0/port: array found, [string, integer] expected",
            "kafkatopic-partitions-as-text.yaml | /spec/partitions: string found, integer expected",
            "kafka-listener-without-type.yaml   | /spec/kafka: property 'listener' is not defined in the schema",
            "kafka-listener-without-type.yaml   | /spec/kafka/listeners/0: required property 'type' not found",
            "kafka-listener-without-type.yaml   | /spec/kafka/listeners/0: required property 'tls' not found",
            "cluster-without-instances.yaml     | /spec: required property 'instances' not found",
            "cluster-without-instances.yaml     | /spec: property 'instance' is not defined in the schema",
            "cluster-without-instances.yaml     | /spec/managed/roles/0/passwordSecret: property 'superuser' is not defined in the schema",
            "cluster-without-instances.yaml     | /metadata/labels: array found, object expected",
            "unknown-kind.yaml                  | no schema for apps/v1 Deploymnet",
    })
    void aBrokenManifestFailsNamingTheField(String fixture, String expected) {
        List<String> problems = schemas.problems(ManifestSchemas.read("broken/" + fixture).get(0));

        assertThat(problems).as(fixture).anySatisfy(p -> assertThat(p).startsWith(expected));
    }
}
