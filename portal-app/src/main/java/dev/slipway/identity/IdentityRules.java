package dev.slipway.identity;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The shapes of names and passwords, written once so that API requests, page forms, the service and
 * the database checks of V1 agree. Each message says what would be accepted; the field name is
 * carried next to it. Messages hold no apostrophes: pages render them through MessageFormat, which
 * would swallow them.
 */
final class IdentityRules {

    /** Team slugs end up in namespace names and labels, so they are DNS-1123 labels (as V1 checks). */
    static final String SLUG_PATTERN = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    static final String SLUG_MESSAGE = "must be a DNS-1123 label: 1-63 lowercase letters, digits or hyphens (-), "
            + "starting and ending with a letter or digit";

    static final String USERNAME_PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

    static final String USERNAME_MESSAGE = "must be 1-64 lowercase letters, digits, dots (.), underscores (_) "
            + "or hyphens (-), starting with a letter or digit";

    static final String TEAM_NAME_MESSAGE = "must be 1 to 200 characters and not only spaces";

    static final String DISPLAY_NAME_MESSAGE = "must be 1 to 200 characters and not only spaces";

    static final String ROLE_PATTERN = "^(ENGINEER|LEAD)$";

    static final String ROLE_MESSAGE = "must be ENGINEER or LEAD";

    static final String TOKEN_NAME_MESSAGE = "must be 1 to 100 characters and not only spaces";

    static final String TOKEN_DAYS_MESSAGE = "must be a whole number of days from 1 to " + ApiTokenService.MAX_DAYS;

    static final int PASSWORD_MIN_CHARACTERS = 12;

    /** BCrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused. */
    static final int PASSWORD_MAX_BYTES = 72;

    static final String PASSWORD_MESSAGE = "must be at least " + PASSWORD_MIN_CHARACTERS
            + " characters and at most " + PASSWORD_MAX_BYTES + " bytes in UTF-8";

    /** {@code /teams/new} is the address of the new-team page, so a team of that name could not be shown. */
    static final String RESERVED_SLUG = "new";

    static final String RESERVED_SLUG_MESSAGE = "must not be new: that is the address of the new-team page";

    private IdentityRules() {}

    static boolean acceptablePassword(String password) {
        return password != null
                && password.codePointCount(0, password.length()) >= PASSWORD_MIN_CHARACTERS
                && password.getBytes(StandardCharsets.UTF_8).length <= PASSWORD_MAX_BYTES;
    }

    /** The problem with a team slug that a pattern cannot express, if any. */
    static Optional<String> slugProblem(String slug) {
        if (slug == null || !slug.matches(SLUG_PATTERN)) {
            return Optional.of(SLUG_MESSAGE);
        }
        if (RESERVED_SLUG.equals(slug)) {
            return Optional.of(RESERVED_SLUG_MESSAGE);
        }
        return Optional.empty();
    }
}
