package dev.slipway.deploy.release;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * What runs in the environment a revision is promoted from: the revision synced there, its health as the
 * watch holder last judged it, and since when it has been so (the later of the sync and the last health
 * change). Null fields: not known yet.
 */
public record SourceHealth(String environment, @Nullable Integer revision, @Nullable String health,
        @Nullable Instant since) {

    public boolean healthy() {
        return "HEALTHY".equals(health);
    }
}
