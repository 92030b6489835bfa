package org.d2aflow.kit.http;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * A request that carries a body must say it is JSON: {@code Content-Type: application/json} (or a {@code +json}
 * type), in UTF-8 if it names a charset. A missing type, {@code *}{@code /*}, text or a form is refused with 415
 * problem+json before anything reads the body; JAX-RS alone let a missing or wildcard type through as if it were JSON.
 * Requests without a body (most POSTs that only trigger something) and Quarkus' own endpoints under {@code /q/} are
 * left alone.
 */
@ApplicationScoped
public class JsonBodies {

    void install(@Observes Router router) {
        router.route().order(-999).handler(rc -> {
            HttpServerRequest request = rc.request();
            if (carriesBody(request) && !request.path().startsWith("/q/")) {
                String problem = problemWith(request.getHeader("Content-Type"));
                if (problem != null) {
                    rc.response().putHeader("Accept-Post", "application/json").putHeader("Accept-Patch", "application/json");
                    RouteProblems.end(rc, 415, "unsupported-media-type", "Unsupported media type",
                            "Content-Type " + problem + ": send the body as application/json (UTF-8)");
                    return;
                }
            }
            rc.next();
        });
    }

    private static boolean carriesBody(HttpServerRequest request) {
        HttpMethod m = request.method();
        if (!(HttpMethod.POST.equals(m) || HttpMethod.PUT.equals(m) || HttpMethod.PATCH.equals(m))) {
            return false;
        }
        if (request.getHeader("Transfer-Encoding") != null) {
            return true;
        }
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Why the content type is refused, or null when it is JSON. */
    static String problemWith(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "is missing";
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
        if (!json) {
            return "'" + clip(type) + "' is not JSON";
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
                String charset = kv[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "names the charset '" + clip(charset) + "'; JSON bodies are UTF-8";
                }
            }
        }
        return null;
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "…";
    }
}
