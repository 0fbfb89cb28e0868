package dev.slipway.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.annotation.Nullable;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.stereotype.Component;

/**
 * Finishes what swagger-core starts for a record component marked {@link Nullable}: it documents a
 * plain property as {@code type: [string, "null"]}, but an enum keeps an {@code enum} list without
 * null (so null still fails validation) and an object property ({@code $ref}) loses the mark entirely.
 * Responses carry those nulls (Jackson writes every field), so clients and Schemathesis must be told.
 */
@Component
class NullablePropertyCustomizer implements PropertyCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema customize(Schema property, AnnotatedType type) {
        if (property == null || !markedNullable(type.getCtxAnnotations())) {
            return property;
        }
        if (property.get$ref() != null) {
            return new JsonSchema().anyOf(List.of(property, new JsonSchema().types(Set.of("null"))));
        }
        List values = property.getEnum();
        if (values != null && !values.contains(null)) {
            List withNull = new ArrayList(values);
            withNull.add(null);
            property.setEnum(withNull);
        }
        return property;
    }

    private static boolean markedNullable(Annotation[] annotations) {
        if (annotations == null) {
            return false;
        }
        for (Annotation annotation : annotations) {
            if (annotation.annotationType() == Nullable.class) {
                return true;
            }
        }
        return false;
    }
}
