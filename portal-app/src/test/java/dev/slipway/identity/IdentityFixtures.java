package dev.slipway.identity;

import java.util.UUID;

/** Unique names, so tests sharing one database never see each other's data. */
final class IdentityFixtures {

    private IdentityFixtures() {}

    /** A fresh DNS label (also a valid username) starting with {@code prefix}. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String json(String template, Object... args) {
        return String.format(template, args).replace('\'', '"');
    }
}
