package dev.slipway.common;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, the one shape every list answers (docs/architecture.md, "The web edge"):
 * {@code {items, nextCursor}}. The cursor is opaque to callers; null means there is nothing after this page.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /** Builds a page from up to {@code limit + 1} fetched rows: the extra row only proves there is more. */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }

    /** The same page with each item turned into what a caller sees. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
