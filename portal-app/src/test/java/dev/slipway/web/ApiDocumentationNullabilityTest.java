package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.SlipwayTest;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Responses carry null for what is not there (a request nobody decided yet has "decidedBy": null), so
 * /v3/api-docs must allow null exactly there; otherwise generated clients and Schemathesis reject
 * correct answers.
 */
@SlipwayTest
class ApiDocumentationNullabilityTest {

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    private JsonNode schemas;

    @BeforeEach
    void readApiDocs() throws Exception {
        String docs = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
        schemas = json.readTree(docs).get("components").get("schemas");
    }

    @Test
    void fieldsThatAreNullUntilSomethingHappensAllowNull() {
        assertThat(types("DeploymentView", "decidedBy")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("DeploymentView", "syncedAt")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("PageTeamItem", "nextCursor")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("Insights", "changeFailureRate")).containsExactlyInAnyOrder("number", "null");
        assertThat(types("ChainVerification", "firstBrokenId")).containsExactlyInAnyOrder("integer", "null");
    }

    @Test
    void fieldsThatAreAlwaysThereDoNot() {
        assertThat(types("DeploymentView", "id")).containsExactly("integer");
        assertThat(types("DeploymentView", "requestedBy")).containsExactly("string");
        assertThat(types("ServiceSummary", "name")).containsExactly("string");
    }

    @Test
    void aNullableEnumListsNullAmongItsValues() {
        JsonNode state = schemas.get("EnvironmentStatus").get("properties").get("state");

        assertThat(types("EnvironmentStatus", "state")).containsExactlyInAnyOrder("string", "null");
        assertThat(state.get("enum").valueStream().map(JsonNode::isNull).toList()).contains(true);
    }

    @Test
    void aRecordThatIsOnlySometimesThereIsStillAnObjectAndItsPropertyAllowsNull() {
        // the status of a service that does not autoscale has "hpa": null; one that does, an object
        assertThat(schemas.get("HpaInfo").get("type").asString()).isEqualTo("object");
        JsonNode hpa = schemas.get("EnvironmentStatus").get("properties").get("hpa");
        assertThat(hpa.get("anyOf").toString()).contains("#/components/schemas/HpaInfo").contains("\"null\"");
    }

    record Sample(@Nullable Object owner) {}

    @Test
    @SuppressWarnings("rawtypes")
    void aNullableObjectPropertyBecomesItsSchemaOrNull() {
        var annotations = Sample.class.getRecordComponents()[0].getAnnotations();
        Schema reference = new JsonSchema().$ref("#/components/schemas/Owner");

        Schema documented = new NullablePropertyCustomizer().customize(reference,
                new AnnotatedType(Object.class).ctxAnnotations(annotations));

        assertThat(documented.getAnyOf()).hasSize(2);
        assertThat(((Schema) documented.getAnyOf().get(0)).get$ref()).isEqualTo("#/components/schemas/Owner");
        assertThat(((Schema) documented.getAnyOf().get(1)).getTypes()).containsExactly("null");
    }

    private List<String> types(String schema, String property) {
        JsonNode type = schemas.get(schema).get("properties").get(property).get("type");
        List<String> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> names.add(t.asString()));
        } else {
            names.add(type.asString());
        }
        return names;
    }
}
