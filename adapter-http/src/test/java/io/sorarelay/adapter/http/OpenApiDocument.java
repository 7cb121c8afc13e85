package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document as a test oracle: a real answer must have a status the operation documents, and its JSON
 * body must match that response's schema (JSON Schema 2020-12, as OpenAPI 3.1 has it; formats asserted).
 */
final class OpenApiDocument {
    private static final String LOCATION = "classpath:io/sorarelay/adapter/http/openapi.json";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    final JsonNode doc;

    private OpenApiDocument(JsonNode doc) { this.doc = doc; }

    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
            return new OpenApiDocument(HttpFixture.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that {@code reply}, the answer to {@code method template} (the path as the document names it, e.g.
     * {@code /api/video/tasks/{videoId}}), is documented: its status among the operation's responses, its JSON body
     * valid against the schema given for it.
     */
    void assertAnswer(String method, String template, HttpFixture.Reply reply) {
        JsonNode operation = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as("%s %s is documented", method, template).isTrue();
        String status = Integer.toString(reply.status());
        JsonNode response = operation.path("responses").path(status);
        assertThat(response.isObject()).as("%s %s documents status %s (answer: %s)", method, template, status, reply.raw().body()).isTrue();
        String type = reply.raw().headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) return;
        JsonNode schema = response.path("content").path("application/json").path("schema");
        assertThat(schema.isObject()).as("%s %s %s documents a JSON body", method, template, status).isTrue();
        List<Error> errors = schemaAt(schema).validate(reply.body(), c -> c.executionConfig(e -> e.formatAssertionsEnabled(true)));
        assertThat(errors).as("%s %s %s: %s", method, template, status, reply.raw().body()).isEmpty();
    }

    /** A response's schema: a reference into the document, resolved there so that its own references resolve too. */
    private static Schema schemaAt(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        assertThat(ref).as("response schemas are named components").startsWith("#/components/schemas/");
        return SCHEMAS.getSchema(SchemaLocation.of(LOCATION + ref));
    }
}
