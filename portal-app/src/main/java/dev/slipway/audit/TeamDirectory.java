package dev.slipway.audit;

import java.util.List;

/**
 * The teams that exist, as the audit pages offer them for filtering. Implemented by the identity feature, which
 * itself records into the audit trail: audit depends on nobody's services, so the two do not depend on each other.
 */
public interface TeamDirectory {

    /** Every team's slug, in order. */
    List<String> teamSlugs();
}
