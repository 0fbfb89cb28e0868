package dev.slipway.web;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Explains an unreadable JSON body in terms of the field and position, without echoing internals. */
final class JsonErrors {

    private JsonErrors() {}

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return "The field '" + pathOf(databind) + "' has a value of the wrong type or shape.";
        }
        if (cause instanceof JacksonException jackson && jackson.getLocation() != null) {
            return "The body is not valid JSON (line " + jackson.getLocation().getLineNr() + ", column "
                    + jackson.getLocation().getColumnNr() + ").";
        }
        return "The body is missing or is not valid JSON.";
    }

    static String pathOf(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
