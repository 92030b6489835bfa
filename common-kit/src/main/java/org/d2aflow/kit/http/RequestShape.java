package org.d2aflow.kit.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.d2aflow.kit.domain.FieldError;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Refuses, before any route, what no operation of these services accepts, with problem+json: a request target longer
 * than {@code d2a.http.max-uri-length} (414), a header block larger than {@code d2a.http.max-header-size} (431), and a
 * path or query that decodes to control characters or to bytes that are not UTF-8 (400, naming the parameter). A NUL in
 * an id reached PostgreSQL and came back as a 500; a control character in a filter was searched for.
 *
 * <p>The HTTP codec's own limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set
 * well above these, so that the answer is this problem rather than the codec's empty 414/431; a request beyond the codec's
 * limits is still refused by it, before any application code, with an empty body (Quarkus offers no hook there).
 */
@ApplicationScoped
public class RequestShape {

    @ConfigProperty(name = "d2a.http.max-uri-length", defaultValue = "8192")
    int maxUri;

    @ConfigProperty(name = "d2a.http.max-header-size", defaultValue = "16384")
    int maxHeaders;

    void install(@Observes Router router) {
        router.route().order(-1002).handler(rc -> {
            HttpServerRequest request = rc.request();
            String uri = request.uri();
            if (uri.length() > maxUri) {
                rc.response().putHeader("Connection", "close");
                RouteProblems.end(rc, 414, "uri-too-long", "URI too long",
                        "The request target has " + uri.length() + " characters; this service accepts at most " + maxUri);
                return;
            }
            long headerBytes = 0;
            for (Map.Entry<String, String> h : request.headers()) {
                headerBytes += h.getKey().length() + h.getValue().length() + 4;
            }
            if (headerBytes > maxHeaders) {
                rc.response().putHeader("Connection", "close");
                RouteProblems.end(rc, 431, "headers-too-large", "Request header fields too large",
                        "The headers have " + headerBytes + " bytes; this service accepts at most " + maxHeaders);
                return;
            }
            List<FieldError> errors = problems(uri);
            if (!errors.isEmpty()) {
                RouteProblems.end(rc, 400, "invalid-input", "Invalid input",
                        "The request target holds control characters or bytes that are not UTF-8", errors);
                return;
            }
            rc.next();
        });
    }

    /** What is wrong with the path and each query parameter of a raw request target, by field ("path" or the parameter). */
    static List<FieldError> problems(String uri) {
        List<FieldError> errors = new ArrayList<>();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            path = path.substring(0, fragment);
        }
        String why = problemWith(path);
        if (why != null) {
            errors.add(new FieldError("path", why));
        }
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String nameProblem = problemWith(rawName);
                String valueProblem = eq < 0 ? null : problemWith(pair.substring(eq + 1));
                if (nameProblem != null) {
                    errors.add(new FieldError("query", "a parameter name " + nameProblem));
                } else if (valueProblem != null) {
                    errors.add(new FieldError(decode(rawName), valueProblem));
                }
            }
        }
        return errors;
    }

    /** Why a raw (percent-encoded) part of a URI is refused, or null. */
    private static String problemWith(String raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(raw))).toString();
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return "is not UTF-8 text (or not well percent-encoded)";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return "must not contain control characters (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    private static String decode(String raw) {
        return new String(bytes(raw), StandardCharsets.UTF_8);
    }

    /** The bytes a percent-encoded text stands for; characters past ASCII arrived as raw bytes (the codec reads ISO-8859-1). */
    private static byte[] bytes(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c & 0xff);
            }
        }
        return out.toByteArray();
    }
}
