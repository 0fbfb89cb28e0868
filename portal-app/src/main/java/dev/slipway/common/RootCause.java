package dev.slipway.common;

/** Names the innermost cause of a failure, for messages people read (type and message, no stack). */
public final class RootCause {

    private RootCause() {}

    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
