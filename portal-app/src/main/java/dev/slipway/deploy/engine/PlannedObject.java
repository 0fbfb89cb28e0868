package dev.slipway.deploy.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.gson.JsonParser;
import dev.slipway.common.DiffLines;
import jakarta.annotation.Nullable;
import java.util.List;

/**
 * One object of a plan: what would happen to it, and the field changes (secret values masked). An
 * UPDATE that only touches the object's own labels and annotations (the {@code slipway.dev/revision}
 * label moves with every revision) is {@link #metadataOnly()}: it is still applied, but changes nothing
 * that runs. The pod template's labels and annotations (the config checksum among them) are not the
 * object's metadata: a change there restarts every pod, so it is a real change.
 */
public record PlannedObject(String kind, @Nullable String namespace, String name, PlanAction action,
        List<JsonTreeDiff.FieldChange> changes) {

    /** The changes as readable lines, one per field. */
    @JsonProperty("diff")
    public String diff() {
        return String.join("\n", changes.stream().map(JsonTreeDiff.FieldChange::describe).toList());
    }

    /** True for an UPDATE whose every change is to the object's own labels or annotations. */
    @JsonProperty("metadataOnly")
    public boolean metadataOnly() {
        return action == PlanAction.UPDATE && !changes.isEmpty()
                && changes.stream().allMatch(c -> isMetadata(c.path()));
    }

    /**
     * The changes other than to the object's own labels and annotations, as the lines of a red/green diff,
     * values as text (a multi-line value as its lines).
     */
    @JsonIgnore
    public List<DiffLines.Field> fields() {
        return lines(false);
    }

    /** The changes to the object's own labels and annotations, which a review shows folded away. */
    @JsonIgnore
    public List<DiffLines.Field> metadataFields() {
        return lines(true);
    }

    private List<DiffLines.Field> lines(boolean metadata) {
        return changes.stream()
                .filter(c -> isMetadata(c.path()) == metadata)
                .map(c -> DiffLines.of(c.path(), display(c.before()), display(c.after())))
                .toList();
    }

    private static boolean isMetadata(String path) {
        for (String prefix : List.of("metadata.labels", "metadata.annotations")) {
            if (path.equals(prefix) || path.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /** A JSON string as its text, so that a file's content reads as lines; anything else as compact JSON. */
    public static @Nullable String display(@Nullable String json) {
        if (json == null || !json.startsWith("\"")) {
            return json;
        }
        try {
            return JsonParser.parseString(json).getAsString();
        } catch (RuntimeException e) {
            return json;
        }
    }
}
