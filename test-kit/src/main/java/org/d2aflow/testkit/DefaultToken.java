package org.d2aflow.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bearer token REST Assured sends by default in a {@code @QuarkusTest} class (see {@link DefaultTokenCallback}).
 * Without the annotation a test acts as a user with every role in organisation {@value #TEST_ORG}; with
 * {@code roles = {}} it sends no token at all, for tests that set each request's token themselves.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DefaultToken {

    String TEST_ORG = "TEST-ORG";

    String[] roles() default {"coordinator", "homefirst", "commissioner", "admin"};

    String org() default TEST_ORG;
}
