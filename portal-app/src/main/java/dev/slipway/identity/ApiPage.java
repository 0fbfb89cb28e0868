package dev.slipway.identity;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, as docs/architecture.md promises for every list: {@code {items, nextCursor}}. The cursor is
 * opaque to callers; a null cursor means there is nothing after this page.
 */
record ApiPage<T>(List<T> items, @Nullable String nextCursor) {

    static final String LIMIT_MESSAGE = "must be a whole number from 1 to 500";

    /** Builds a page from up to {@code limit + 1} fetched rows: the extra row only proves there is more. */
    static <T> ApiPage<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new ApiPage<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new ApiPage<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)));
    }
}
