package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import org.junit.jupiter.api.Test;

/** Each rule fails on a small package that breaks it (org.d2aflow.testkit.layers), naming the rule and the class. */
class LayerRulesTest {

    private static final JavaClasses BROKEN = new ClassFileImporter().importPackages("org.d2aflow.testkit.layers");

    @Test
    void refusesJacksonInTheDomain() {
        assertThatThrownBy(() -> LayerRules.domainIsPlainJava.check(BROKEN))
                .hasMessageContaining("domain-is-plain-java")
                .hasMessageContaining("org.d2aflow.testkit.layers.domain.Thing");
    }

    @Test
    void refusesAnApiThatReadsAnEntity() {
        assertThatThrownBy(() -> LayerRules.apiDoesNotReachIntoInfrastructure.check(BROKEN))
                .hasMessageContaining("api-does-not-use-infrastructure")
                .hasMessageContaining("org.d2aflow.testkit.layers.api.LeakyResource.get()")
                .hasMessageContaining("org.d2aflow.testkit.layers.infrastructure.Row");
    }

    @Test
    void refusesAPackageCycle() {
        assertThatThrownBy(() -> LayerRules.noPackageCycles.check(BROKEN))
                .hasMessageContaining("no-package-cycles")
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void refusesAResourceMethodWithoutRoles() {
        assertThatThrownBy(() -> LayerRules.resourceMethodsNameTheirRoles.check(BROKEN))
                .hasMessageContaining("resource-methods-name-their-roles")
                .hasMessageContaining("LeakyResource.get() names no roles");
    }
}
