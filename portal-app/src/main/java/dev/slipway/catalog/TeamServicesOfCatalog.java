package dev.slipway.catalog;

import dev.slipway.common.Page;
import dev.slipway.identity.TeamServices;
import org.springframework.stereotype.Component;

/** Tells the team page which services the team owns, from the catalog's list. */
@Component
class TeamServicesOfCatalog implements TeamServices {

    private final CatalogService catalog;

    TeamServicesOfCatalog(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public Listing of(String team, int limit) {
        Page<ServiceView> page = catalog.list(null, team, limit, null);
        return new Listing(page.items().stream()
                .map(s -> new TeamService(s.name(), s.description() == null ? "" : s.description()))
                .toList(), page.nextCursor() != null);
    }
}
