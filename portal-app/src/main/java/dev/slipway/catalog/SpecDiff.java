package dev.slipway.catalog;

import java.util.ArrayList;
import java.util.List;

/** Field-by-field differences between two specs; a pure function. */
public final class SpecDiff {

    private SpecDiff() {}

    /** One changed field: its path under {@code spec}, and the values before and after (null when absent). */
    public record Change(String path, String kind, Object before, Object after) {}

    public static List<Change> between(ServiceSpec before, ServiceSpec after) {
        List<Change> changes = new ArrayList<>();
        if (!java.util.Objects.equals(before, after)) {
            changes.add(new Change("spec", "CHANGED", before, after));
        }
        return changes;
    }
}
