package dev.slipway.identity;

import dev.slipway.common.InvalidInputException;
import org.springframework.validation.BindingResult;

/** Puts the service's field problems next to the fields of the form that caused them. */
final class FormErrors {

    private FormErrors() {}

    static void reject(BindingResult result, InvalidInputException e) {
        e.problems().forEach(problem -> {
            if (result.getFieldType(problem.field()) != null) {
                result.rejectValue(problem.field(), "invalid", problem.message());
            } else {
                result.reject("invalid", problem.field() + ": " + problem.message());
            }
        });
    }
}
