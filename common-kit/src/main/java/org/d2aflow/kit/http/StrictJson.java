package org.d2aflow.kit.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly: a number is not quietly taken for a text field or an enum (1 is not
 * MALE), a null is not a 0, and trailing garbage after the JSON is an error. Wrong types get a 400 that
 * names the field instead of a guess. A key given twice and a date written as an array are refused too.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Why a text field was refused; ProblemMappers answers it as it is, naming the field. */
    public static final String TEXT_REFUSED = "must not contain control characters (other than tab and line breaks) or unpaired surrogates";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Enum).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // Dates only as ISO text: a lenient reader takes 20261101 for a day number in the year 57443.
        for (Class<?> type : new Class<?>[] {java.time.LocalDate.class, java.time.Instant.class, java.time.OffsetDateTime.class}) {
            mapper.configOverride(type).setFormat(com.fasterxml.jackson.annotation.JsonFormat.Value.forLeniency(false));
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        // A key given twice is refused, not "the last one wins": {"units": null, "units": 5} was read as 5.
        mapper.getFactory().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        // Text is text: no NUL or other control characters (tab and line breaks aside), no half of a surrogate pair.
        // PostgreSQL cannot store a NUL, and an unpaired surrogate is not Unicode: both were accepted and then failed or
        // were written as they came.
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("d2a-strict-text")
                .addDeserializer(String.class, new StrictText()));
        // java.time also reads arrays ([2026, 12, 6]); an empty one was read as no date at all, i.e. today.
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("d2a-strict-dates")
                .setDeserializerModifier(new com.fasterxml.jackson.databind.deser.BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                            JsonDeserializer<?> deserializer) {
                        return description.getBeanClass().getName().startsWith("java.time.") ? new StrictScalar(deserializer) : deserializer;
                    }

                    @Override
                    public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, com.fasterxml.jackson.databind.JavaType type,
                            BeanDescription description, JsonDeserializer<?> deserializer) {
                        return new StrictScalar(deserializer);
                    }
                }));
    }

    /** Reads a string as Jackson does, then refuses control characters and unpaired surrogates. */
    static final class StrictText extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {


        StrictText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            String text = com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && !clean(text)) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(p, TEXT_REFUSED, text, String.class);
            }
            return text;
        }

        @Override
        public com.fasterxml.jackson.databind.type.LogicalType logicalType() {
            return com.fasterxml.jackson.databind.type.LogicalType.Textual;
        }

        static boolean clean(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A java.time or enum reader that refuses the array forms (dates and times are ISO text in this API) and text with
     * blanks or control characters at either end, which Jackson trims away: " 2026-01-01" and "FEMALE\u0000" were read.
     */
    static final class StrictScalar extends DelegatingDeserializer {

        StrictScalar(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new StrictScalar(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            if (p.isExpectedStartArrayToken()) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            if (p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (!text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ')) {
                    throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(p, "blank or control character at an end",
                            text, handledType());
                }
            }
            return _delegatee.deserialize(p, ctxt);
        }
    }
}
