package org.d2aflow.kit.idempotency;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Response;

/**
 * Runs an {@link Idempotent} endpoint through {@link IdempotentRequests} when the request carries an
 * {@code Idempotency-Key}. What identifies the request is every parameter of the method except the key and the
 * JAX-RS context objects: the path parameters, If-Match and the body. It runs outside bean validation, so a
 * request refused for its content holds no key.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class IdempotentInterceptor {

    static final String HEADER = "Idempotency-Key";

    @Inject
    IdempotentRequests requests;

    @AroundInvoke
    Object once(InvocationContext ctx) throws Exception {
        Method method = ctx.getMethod();
        Idempotent marker = method.getAnnotation(Idempotent.class);
        if (marker == null) {
            marker = method.getDeclaringClass().getAnnotation(Idempotent.class);
        }
        String operation = marker == null || marker.value().isEmpty()
                ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : marker.value();
        Annotation[][] annotations = method.getParameterAnnotations();
        Object[] params = ctx.getParameters();
        String key = null;
        boolean declared = false;
        List<Object> request = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            if (isKey(annotations[i])) {
                key = (String) params[i];
                declared = true;
            } else if (!isContext(method.getParameterTypes()[i])) {
                request.add(params[i]);
            }
        }
        if (!declared) {
            throw new IllegalStateException(method + " is @Idempotent but takes no @HeaderParam(\"" + HEADER + "\") parameter");
        }
        if (key == null) {
            // JAX-RS hands an empty or blank header over as no header at all: a client that sent one meant a key, and
            // must hear that it is not one rather than have its retries run twice.
            String raw = rawHeader();
            if (raw != null) {
                IdempotentRequests.validate(raw);
            }
            return ctx.proceed();
        }
        return requests.once(operation, key, request, () -> (Response) ctx.proceed());
    }

    @Inject
    io.quarkus.vertx.http.runtime.CurrentVertxRequest currentRequest;

    private String rawHeader() {
        io.vertx.ext.web.RoutingContext rc = currentRequest == null ? null : currentRequest.getCurrent();
        return rc == null ? null : rc.request().getHeader(HEADER);
    }

    private static boolean isKey(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof HeaderParam h && HEADER.equalsIgnoreCase(h.value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isContext(Class<?> type) {
        String name = type.getName();
        return name.startsWith("jakarta.ws.rs.core.") || name.startsWith("io.vertx.") || name.startsWith("org.jboss.resteasy.");
    }
}
