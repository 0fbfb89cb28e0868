package dev.slipway.web;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NulFreeText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JacksonModule;

/**
 * Refuses text holding the NUL character where requests bring it in ({@link NulFreeText}): JSON bodies read
 * by Spring MVC (values and keys), query strings and form fields, naming the field (422). The spec, which
 * the catalog reads from a JSON tree with a mapper of its own, has the same module there.
 */
@Configuration(proxyBeanMethods = false)
class NulCharacters implements WebMvcConfigurer {

    /** Boot adds every module bean to the JSON mapper that reads request bodies. */
    @Bean
    JacksonModule nulFreeText() {
        return NulFreeText.module();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                List<FieldProblem> problems = new ArrayList<>();
                for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                    if (NulFreeText.has(parameter.getKey())
                            || Arrays.stream(parameter.getValue()).anyMatch(NulFreeText::has)) {
                        problems.add(new FieldProblem(NulFreeText.shown(parameter.getKey()), NulFreeText.PROBLEM));
                    }
                }
                if (!problems.isEmpty()) {
                    throw new InvalidInputException(problems);
                }
                return true;
            }
        });
    }
}
