package dev.slipway.common;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text holding the NUL character (U+0000) is refused where it enters. PostgreSQL stores no NUL in text or
 * jsonb, so such a value would fail deep inside a change, at the insert of the row or of its audit event,
 * and come back as an outage or a conflict instead of as the caller's mistake.
 */
public final class NulFreeText {

    public static final String PROBLEM = "must not contain the NUL character (U+0000)";

    private NulFreeText() {}

    public static boolean has(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** A field name fit to be shown: a NUL in the name itself is written as {@code \0}. */
    public static String shown(String field) {
        return field.replace("\u0000", "\\0");
    }

    /** For a JSON mapper that reads input: every string value and map key with a NUL fails as {@link Refused}. */
    public static JacksonModule module() {
        return new SimpleModule("nul-free-text")
                .addDeserializer(String.class, new StringDeserializer() {
                    @Override
                    public String deserialize(JsonParser parser, DeserializationContext context) {
                        String text = super.deserialize(parser, context);
                        if (has(text)) {
                            throw new Refused(parser);
                        }
                        return text;
                    }
                })
                .addKeyDeserializer(String.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext context) {
                        if (has(key)) {
                            throw new Refused(context.getParser());
                        }
                        return key;
                    }
                });
    }

    /** A JSON string with a NUL; Jackson adds the path to the field as it unwinds. */
    public static final class Refused extends MismatchedInputException {
        Refused(JsonParser parser) {
            super(parser, "text " + PROBLEM);
        }
    }
}
