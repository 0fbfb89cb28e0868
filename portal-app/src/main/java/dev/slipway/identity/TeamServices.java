package dev.slipway.identity;

import java.util.List;

/**
 * The services a team owns, for its team page. Identity shows them without depending on the catalog:
 * the catalog implements this.
 */
public interface TeamServices {

    /** The team's services by name, at most {@code limit}; {@code more} says whether others were left out. */
    Listing of(String team, int limit);

    /** A service as the team page lists it. */
    record TeamService(String name, String description) {}

    /** Some of a team's services, and whether there are more. */
    record Listing(List<TeamService> services, boolean more) {}
}
