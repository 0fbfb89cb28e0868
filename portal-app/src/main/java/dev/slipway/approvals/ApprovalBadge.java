package dev.slipway.approvals;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many deployment requests wait for the signed-in lead, for the badge in the page layout.
 * Counted only when a page actually shows it (API answers and redirects never do), at most once per
 * request; a failing count hides the badge rather than the page.
 */
public final class ApprovalBadge {

    private static final Logger log = LoggerFactory.getLogger(ApprovalBadge.class);

    static final ApprovalBadge NONE = new ApprovalBadge(() -> 0);

    private final LongSupplier counter;
    private Long count;

    ApprovalBadge(LongSupplier counter) {
        this.counter = counter;
    }

    public long getCount() {
        if (count == null) {
            try {
                count = counter.getAsLong();
            } catch (RuntimeException e) {
                log.warn("Could not count the requests waiting for approval: {}", e.getMessage());
                count = 0L;
            }
        }
        return count;
    }
}
