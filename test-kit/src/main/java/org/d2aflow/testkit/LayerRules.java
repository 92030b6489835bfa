package org.d2aflow.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layering every service keeps (house style 1 and 19), as ArchUnit rules; {@link LayeringContract} runs them
 * in each service. Each rule has a name and says why it exists; a failure names the rule and every class (and
 * line) that breaks it.
 */
public final class LayerRules {

    private LayerRules() {
    }

    /** The HTTP method annotations that make a method a JAX-RS resource method. */
    static final List<String> HTTP_METHODS = List.of("jakarta.ws.rs.GET", "jakarta.ws.rs.POST", "jakarta.ws.rs.PUT",
            "jakarta.ws.rs.DELETE", "jakarta.ws.rs.PATCH", "jakarta.ws.rs.HEAD", "jakarta.ws.rs.OPTIONS");

    /** The annotations that say who may call a resource method, on the method or on its class. */
    static final List<String> ROLE_ANNOTATIONS = List.of("jakarta.annotation.security.RolesAllowed",
            "jakarta.annotation.security.PermitAll", "jakarta.annotation.security.DenyAll", "io.quarkus.security.Authenticated");

    public static final ArchRule domainIsPlainJava = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax.persistence..", "org.hibernate..",
                    "com.fasterxml.jackson..")
            .as("domain-is-plain-java: the domain depends on no Quarkus, Jakarta, Hibernate or Jackson class")
            .because("aggregates decide and apply in plain Java (house style 1 and 3): persistence, HTTP and JSON mapping "
                    + "belong to infrastructure, api or config");

    public static final ArchRule apiDoesNotReachIntoInfrastructure = noClasses().that().resideInAPackage("..api..")
            .should().dependOnClassesThat().resideInAPackage("..infrastructure..")
            .as("api-does-not-use-infrastructure: the api depends on no infrastructure class")
            .because("resources talk to application (writes) and query (reads) types only; Panache entities, consumers and "
                    + "projections stay behind them (issue #14)");

    public static final ArchRule noPackageCycles = slices().matching("org.d2aflow.(*).(**)")
            .should().beFreeOfCycles()
            .as("no-package-cycles: the service's packages depend on each other without cycles")
            .because("a cycle ties layers together so that neither can change, or be tested, alone");

    public static final ArchRule resourceMethodsNameTheirRoles = methods().that(areResourceMethods())
            .should(sayWhoMayCallThem())
            .as("resource-methods-name-their-roles: every JAX-RS resource method or its class carries @RolesAllowed, "
                    + "@PermitAll, @DenyAll or @Authenticated")
            .because("who may call an endpoint is decided where it is declared; an intentionally public endpoint says so with "
                    + "@PermitAll");

    private static com.tngtech.archunit.base.DescribedPredicate<JavaMethod> areResourceMethods() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are JAX-RS resource methods (@GET, @POST, ...)",
                m -> m.getModifiers().contains(JavaModifier.PUBLIC) && HTTP_METHODS.stream().anyMatch(m::isAnnotatedWith));
    }

    private static ArchCondition<JavaMethod> sayWhoMayCallThem() {
        return new ArchCondition<>("carry a role annotation on the method or its class") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean named = ROLE_ANNOTATIONS.stream()
                        .anyMatch(a -> method.isAnnotatedWith(a) || method.getOwner().isAnnotatedWith(a));
                String message = method.getFullName() + (named ? " names" : " names no") + " roles (@RolesAllowed, @PermitAll, "
                        + "@DenyAll or @Authenticated on it or on " + method.getOwner().getSimpleName() + ") in ("
                        + method.getOwner().getSimpleName() + ".java:" + method.getSourceCodeLocation().getLineNumber() + ")";
                events.add(new SimpleConditionEvent(method, named, message));
            }
        };
    }
}
