package dev.slipway.observe.timeline;

import dev.slipway.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where the next page of a timeline starts: the position of the last entry handed out, in the order of the
 * merged timeline (time, then Slipway's entries before Kubernetes' at the same instant, then id). Opaque to
 * callers; anything that does not decode is refused naming the field, never answered with a 500.
 */
record TimelineCursor(Instant at, int rank, long id) {

    static final int KUBERNETES = 0;
    static final int SLIPWAY = 1;

    static final String MESSAGE = "must be a nextCursor value returned by a previous page of this timeline";

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("t1:" + micros + ":" + rank + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a caller sent; null for none (the newest page). */
    static TimelineCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII)
                    .split(":");
            if (parts.length == 4 && parts[0].equals("t1")) {
                long micros = Long.parseLong(parts[1]);
                int rank = Integer.parseInt(parts[2]);
                long id = Long.parseLong(parts[3]);
                // Kept to years PostgreSQL's timestamptz can hold, so a forged value cannot fail the query.
                if ((rank == KUBERNETES || rank == SLIPWAY) && id > 0 && micros >= 0
                        && micros < 253_402_300_800_000_000L) {
                    return new TimelineCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), rank, id);
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below like any other value that was not handed out
        }
        throw new InvalidInputException("cursor", MESSAGE);
    }
}
