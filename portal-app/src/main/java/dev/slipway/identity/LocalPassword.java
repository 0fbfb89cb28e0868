package dev.slipway.identity;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A password for a local account: long enough to resist guessing, short enough for BCrypt (which
 * would silently ignore everything past 72 bytes). A missing password is refused too.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = LocalPassword.Validator.class)
@interface LocalPassword {

    String message() default IdentityRules.PASSWORD_MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link IdentityRules#acceptablePassword}. */
    class Validator implements ConstraintValidator<LocalPassword, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return IdentityRules.acceptablePassword(value);
        }
    }
}
