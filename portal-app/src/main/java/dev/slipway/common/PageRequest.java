package dev.slipway.common;

import jakarta.annotation.Nullable;

/**
 * What a caller asks of a list: how many items and after which cursor. One rule for every list
 * (docs/architecture.md, "The web edge"): {@code limit} is a whole number from 1 to the list's maximum, its default
 * when absent or empty; anything else is refused naming {@code limit} (422, like every other invalid field). A cursor the
 * list cannot read is refused by the list, naming {@code cursor}.
 */
public record PageRequest(int limit, @Nullable String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** The usual list: 50 items unless asked otherwise, at most 500. */
    public static PageRequest of(@Nullable String limit, @Nullable String cursor) {
        return of(limit, cursor, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A list whose items are heavier, or lighter, than usual says its own default and maximum. */
    public static PageRequest of(@Nullable String limit, @Nullable String cursor, int defaultLimit, int maxLimit) {
        int n = defaultLimit;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > maxLimit) {
                throw new InvalidInputException("limit", limitMessage(defaultLimit, maxLimit));
            }
        }
        return new PageRequest(n, cursor == null || cursor.isBlank() ? null : cursor);
    }

    public static String limitMessage(int defaultLimit, int maxLimit) {
        return "must be a whole number from 1 to " + maxLimit + " (default " + defaultLimit + ")";
    }
}
