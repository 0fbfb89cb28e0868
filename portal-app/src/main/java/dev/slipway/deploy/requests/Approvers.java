package dev.slipway.deploy.requests;

import jakarta.annotation.Nullable;
import java.util.List;

/**
 * Who could approve a request {@code requester} would make, told before it is made. {@code usernames}
 * are the people who could ({@code via} says why they may); {@code warning} is set when nobody of the
 * owning team could, so the requester learns it before asking rather than waiting for nothing.
 */
public record Approvers(
        String environment,
        String requester,
        boolean requiresApproval,
        Via via,
        List<String> usernames,
        @Nullable String fallbackTeam,
        String summary,
        @Nullable String warning) {

    /** Why the people listed may approve. */
    public enum Via {
        /** The environment needs no approval: policy approves at once. */
        POLICY,
        /** Another lead of the owning team. */
        TEAM,
        /** No other lead of the owning team exists, so the environment's fallback approver group decides. */
        FALLBACK,
        /** Nobody could: the request would wait for ever. */
        NOBODY
    }
}
