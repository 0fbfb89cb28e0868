package dev.slipway.deploy;

import jakarta.annotation.Nullable;
import java.util.List;

/** One object of a plan: what would happen to it, and the field changes (secret values masked). */
public record PlannedObject(String kind, @Nullable String namespace, String name, PlanAction action,
        List<JsonTreeDiff.FieldChange> changes) {

    /** The changes as readable lines, one per field. */
    public String diff() {
        return String.join("\n", changes.stream().map(JsonTreeDiff.FieldChange::describe).toList());
    }
}
