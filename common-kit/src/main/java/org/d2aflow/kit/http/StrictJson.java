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
        // java.time also reads arrays ([2026, 12, 6]); an empty one was read as no date at all, i.e. today.
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("d2a-strict-dates")
                .setDeserializerModifier(new com.fasterxml.jackson.databind.deser.BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                            JsonDeserializer<?> deserializer) {
                        return description.getBeanClass().getName().startsWith("java.time.") ? new NoArrays(deserializer) : deserializer;
                    }
                }));
    }

    /** A java.time reader that refuses the array forms: dates and times are ISO text in this API. */
    static final class NoArrays extends DelegatingDeserializer {

        NoArrays(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new NoArrays(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            if (p.isExpectedStartArrayToken()) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            return _delegatee.deserialize(p, ctxt);
        }
    }
}
