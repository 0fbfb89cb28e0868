package dev.slipway.deploy.release;

import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gates of an environment with {@code promotionFrom} (docs/release-flow.md, "Promotion"): the revision
 * must be the one HEALTHY in the source environment, and for at least {@code soakMinutes}. Pure: every unmet
 * gate is a {@link Blocker} of kind SOAK, in words.
 */
public final class PromotionGates {

    private PromotionGates() {}

    /**
     * What keeps {@code revision} (null: whatever runs in the source) from moving to {@code target}, given what
     * runs in the source environment at {@code now}; empty when it may.
     */
    public static List<Blocker> unmet(String target, SourceHealth source, @Nullable Integer revision, int soakMinutes,
            Instant now) {
        List<Blocker> unmet = new ArrayList<>();
        String from = source.environment();
        if (source.revision() == null) {
            unmet.add(new Blocker(Blocker.Kind.SOAK, "Nothing runs in " + from + " yet: " + target + " takes only a"
                    + " revision that is HEALTHY in " + from + " first.", null));
            return unmet;
        }
        if (revision != null && revision.intValue() != source.revision()) {
            unmet.add(new Blocker(Blocker.Kind.SOAK, "Revision " + revision + " does not run in " + from + " (revision "
                    + source.revision() + " does): " + target + " takes only the revision that is HEALTHY in " + from
                    + ".", null));
            return unmet;
        }
        int wanted = source.revision();
        if (!source.healthy()) {
            unmet.add(new Blocker(Blocker.Kind.SOAK, "Revision " + wanted + " is not HEALTHY in " + from + " (it is "
                    + (source.health() == null ? "not judged yet" : source.health()) + "): " + target
                    + " takes it only once it is HEALTHY there" + (soakMinutes > 0 ? " for " + soakMinutes + " minutes"
                    : "") + ".", null));
            return unmet;
        }
        if (soakMinutes > 0) {
            Instant since = source.since() == null ? now : source.since();
            Instant soaked = since.plus(Duration.ofMinutes(soakMinutes));
            if (soaked.isAfter(now)) {
                long minutes = Math.max(0, Duration.between(since, now).toMinutes());
                unmet.add(new Blocker(Blocker.Kind.SOAK, "Soak " + minutes + " of " + soakMinutes + " minutes: revision "
                        + wanted + " has been HEALTHY in " + from + " since " + seconds(since) + "; " + target + " takes it at "
                        + seconds(soaked) + ".", soaked));
            }
        }
        return unmet;
    }

    /** An instant as people read it on a page: to the second, UTC. */
    static String seconds(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
