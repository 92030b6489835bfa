package org.d2aflow.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * The layering every service keeps ({@link LayerRules}), run on the service's main classes. A service's
 * {@code ArchitectureTest} extends this class and names its root package. Plain JUnit tests rather than ArchUnit's
 * JUnit engine: under Quarkus's test class loader that engine finds no {@code @ArchTest} fields and runs nothing.
 */
public abstract class LayeringContract {

    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    /** The service's root package, e.g. {@code org.d2aflow.referral}. */
    protected abstract String servicePackage();

    protected JavaClasses classes() {
        return IMPORTED.computeIfAbsent(servicePackage(), p -> new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(p));
    }

    @Test
    void domainIsPlainJava() {
        LayerRules.domainIsPlainJava.check(classes());
    }

    @Test
    void apiDoesNotUseInfrastructure() {
        LayerRules.apiDoesNotReachIntoInfrastructure.check(classes());
    }

    @Test
    void packagesHaveNoCycles() {
        LayerRules.noPackageCycles.check(classes());
    }

    @Test
    void resourceMethodsNameTheirRoles() {
        LayerRules.resourceMethodsNameTheirRoles.check(classes());
    }
}
