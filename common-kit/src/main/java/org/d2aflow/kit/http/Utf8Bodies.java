package org.d2aflow.kit.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.problem.ProblemMappers;

/**
 * A JSON body must be UTF-8, strictly: the JSON parser reads an overlong encoding ({@code C0 AF} for '/') or an encoded
 * surrogate as if it were text. The body (at most {@code d2a.http.max-body-size}, see BodyLimit) is checked whole before
 * it is parsed, and refused with a 400 naming {@code body}.
 */
@Provider
public class Utf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new BadRequestException(ProblemMappers.problem(400, "malformed-request", "Malformed request",
                    "The request body could not be read", null, List.of(new FieldError("body", "is not UTF-8 text"))));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
