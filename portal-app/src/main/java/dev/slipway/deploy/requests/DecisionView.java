package dev.slipway.deploy.requests;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * One decision on a deployment request: who took it ({@code policy} where the environment needs no
 * approval), {@code APPROVED}, {@code REJECTED} or {@code CANCELLED}, the comment they gave, and when.
 */
public record DecisionView(String by, String decision, @Nullable String comment, Instant at) {}
