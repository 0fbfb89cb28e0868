package dev.slipway.web;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses text holding the NUL character (U+0000) where it enters: JSON bodies (values and keys), query
 * strings and form fields, naming the field. PostgreSQL stores no NUL in text or jsonb, so such a value
 * used to fail deep inside the change, at the insert of the row or of its audit event, and came back as
 * an outage (503) or a conflict (409) instead of as the caller's mistake.
 */
@Configuration(proxyBeanMethods = false)
class NulCharacters implements WebMvcConfigurer {

    static final String PROBLEM = "must not contain the NUL character (U+0000)";

    static boolean in(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** A field name fit to be shown: a NUL in the name itself is written as {@code \0}. */
    static String shown(String field) {
        return field.replace("\u0000", "\\0");
    }

    @Bean
    JacksonModule nulFreeText() {
        return new SimpleModule("nul-free-text")
                .addDeserializer(String.class, new StringDeserializer() {
                    @Override
                    public String deserialize(JsonParser parser, DeserializationContext context) {
                        String text = super.deserialize(parser, context);
                        if (in(text)) {
                            throw new InJson(parser);
                        }
                        return text;
                    }
                })
                .addKeyDeserializer(String.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext context) {
                        if (in(key)) {
                            throw new InJson(context.getParser());
                        }
                        return key;
                    }
                });
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                List<FieldProblem> problems = new ArrayList<>();
                for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                    if (in(parameter.getKey()) || List.of(parameter.getValue()).stream().anyMatch(NulCharacters::in)) {
                        problems.add(new FieldProblem(shown(parameter.getKey()), PROBLEM));
                    }
                }
                if (!problems.isEmpty()) {
                    throw new InvalidInputException(problems);
                }
                return true;
            }
        });
    }

    /** A JSON string with a NUL; Jackson adds the path to the field as it unwinds. */
    static final class InJson extends MismatchedInputException {
        InJson(JsonParser parser) {
            super(parser, "text " + PROBLEM);
        }
    }
}
