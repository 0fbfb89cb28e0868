package dev.slipway.identity;

import dev.slipway.audit.TeamDirectory;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The audit pages' list of teams, from the teams this feature keeps. */
@Component
class TeamDirectoryOfIdentity implements TeamDirectory {

    private final TeamRepository teams;

    TeamDirectoryOfIdentity(TeamRepository teams) {
        this.teams = teams;
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> teamSlugs() {
        return teams.findAllByOrderBySlugAsc().stream().map(Team::slug).toList();
    }
}
