package dev.slipway.deploy.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How many objects a plan creates, changes, prunes and leaves alone, the line a review starts with.
 * An UPDATE of labels or annotations only is counted apart ({@code metadataOnly}), not as a change.
 */
public record PlanSummary(int create, int change, int prune, int unchanged, int metadataOnly) {

    public static PlanSummary of(List<PlannedObject> objects) {
        int create = 0;
        int change = 0;
        int prune = 0;
        int unchanged = 0;
        int metadataOnly = 0;
        for (PlannedObject o : objects) {
            switch (o.action()) {
                case CREATE -> create++;
                case PRUNE -> prune++;
                case UNCHANGED -> unchanged++;
                case UPDATE -> {
                    if (o.metadataOnly()) {
                        metadataOnly++;
                    } else {
                        change++;
                    }
                }
            }
        }
        return new PlanSummary(create, change, prune, unchanged, metadataOnly);
    }

    /** For example "2 to create, 1 to change, 0 to prune; 3 unchanged, 4 with label or annotation changes only". */
    @JsonProperty("text")
    public String text() {
        String text = create + " to create, " + change + " to change, " + prune + " to prune; " + unchanged + " unchanged";
        return metadataOnly == 0 ? text
                : text + ", " + metadataOnly + " with label or annotation changes only";
    }
}
