package dev.slipway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Undoes what swagger-core does to a record that some property refers to as {@code @Nullable}: it marks the
 * record's own component schema {@code type: "null"}, as if every value of it were null (seen with the
 * status's {@code hpa}; Schemathesis then rejected every autoscaled service's status). A schema with
 * properties is an object; that the property may be null is said where it is used
 * ({@link NullablePropertyCustomizer}: {@code anyOf: [$ref, null]}).
 */
@Component
class NullableComponentRepair implements OpenApiCustomizer {

    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openApi.getComponents().getSchemas().values()) {
            boolean hasProperties = schema.getProperties() != null && !schema.getProperties().isEmpty();
            boolean onlyNull = "null".equals(schema.getType())
                    || (schema.getTypes() != null && schema.getTypes().equals(Set.of("null")));
            if (hasProperties && onlyNull) {
                schema.setType("object");
                schema.setTypes(Set.of("object"));
            }
        }
    }
}
