package org.d2aflow.kit.idempotency;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /** What {@link #once} reads from a method's annotations, worked out once per method (reflection copies them per call). */
    private record Shape(String operation, int keyIndex, boolean[] partOfRequest) {
        static Shape of(Method method) {
            Idempotent marker = method.getAnnotation(Idempotent.class);
            if (marker == null) {
                marker = method.getDeclaringClass().getAnnotation(Idempotent.class);
            }
            String operation = marker == null || marker.value().isEmpty()
                    ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : marker.value();
            Annotation[][] annotations = method.getParameterAnnotations();
            Class<?>[] types = method.getParameterTypes();
            int keyIndex = -1;
            boolean[] partOfRequest = new boolean[types.length];
            for (int i = 0; i < types.length; i++) {
                if (isKey(annotations[i])) {
                    keyIndex = i;
                } else {
                    partOfRequest[i] = !isContext(types[i]);
                }
            }
            return new Shape(operation, keyIndex, partOfRequest);
        }
    }

    private static final Map<Method, Shape> SHAPES = new ConcurrentHashMap<>();

    @AroundInvoke
    Object once(InvocationContext ctx) throws Exception {
        Method method = ctx.getMethod();
        Shape shape = SHAPES.computeIfAbsent(method, Shape::of);
        if (shape.keyIndex() < 0) {
            throw new IllegalStateException(method + " is @Idempotent but takes no @HeaderParam(\"" + HEADER + "\") parameter");
        }
        Object[] params = ctx.getParameters();
        String key = (String) params[shape.keyIndex()];
        List<Object> request = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            if (shape.partOfRequest()[i]) {
                request.add(params[i]);
            }
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
        return requests.once(shape.operation(), key, request, () -> (Response) ctx.proceed());
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
