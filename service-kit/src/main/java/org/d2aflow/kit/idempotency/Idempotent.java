package org.d2aflow.kit.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a write endpoint whose retries are made safe by an {@code Idempotency-Key} header: the method takes the
 * header as a {@code @HeaderParam("Idempotency-Key") String} parameter, and {@link IdempotentRequests} runs it at
 * most once per caller and key, replaying the first answer byte for byte (see {@link IdempotentInterceptor}).
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

    /** The operation's stable name, e.g. {@code referral.discharge}: a key is unique per operation and caller. */
    @Nonbinding
    String value() default "";
}
