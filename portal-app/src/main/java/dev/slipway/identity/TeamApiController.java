package dev.slipway.identity;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import dev.slipway.common.TeamRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "Teams and their members; platform admins change them, everyone reads")
class TeamApiController {

    private final IdentityService identity;

    TeamApiController(IdentityService identity) {
        this.identity = identity;
    }

    @GetMapping
    @Operation(summary = "All teams, by slug")
    Page<TeamItem> list(
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        List<TeamItem> fetched = identity.teams(page.cursor(), page.limit() + 1).stream().map(TeamItem::of).toList();
        return Page.of(fetched, page.limit(), TeamItem::slug);
    }

    @GetMapping("/{slug}")
    @Operation(summary = "A team with its members")
    TeamDetail get(@PathVariable String slug) {
        TeamView team = identity.requireTeam(slug);
        return new TeamDetail(team.slug(), team.name(), identity.members(slug));
    }

    @PostMapping
    @Operation(summary = "Create a team (platform admins)")
    ResponseEntity<TeamItem> create(Actor actor, @Valid @RequestBody NewTeamRequest request) {
        TeamView team = identity.createTeam(actor, new IdentityService.NewTeam(request.slug(), request.name()));
        return ResponseEntity.created(URI.create("/api/v1/teams/" + team.slug())).body(TeamItem.of(team));
    }

    @PutMapping("/{slug}/members/{username}")
    @Operation(summary = "Add a member or change their role (platform admins)")
    IdentityService.TeamMember setMember(Actor actor, @PathVariable String slug, @PathVariable String username,
            @Valid @RequestBody MembershipRequest request) {
        return identity.setMembership(actor, slug, username, TeamRole.valueOf(request.role()));
    }

    @DeleteMapping("/{slug}/members/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member from a team (platform admins)")
    void removeMember(Actor actor, @PathVariable String slug, @PathVariable String username) {
        identity.removeMember(actor, slug, username);
    }

    /** A team in a list. */
    record TeamItem(String slug, String name) {
        static TeamItem of(TeamView team) {
            return new TeamItem(team.slug(), team.name());
        }
    }

    /** A team with its members, sorted by username. */
    record TeamDetail(String slug, String name, List<IdentityService.TeamMember> members) {}

    /** A new team: the slug names its namespaces, the name is for people. */
    record NewTeamRequest(
            @NotNull(message = IdentityRules.SLUG_MESSAGE) @Pattern(regexp = IdentityRules.SLUG_PATTERN,
                    message = IdentityRules.SLUG_MESSAGE) String slug,
            @NotBlank(message = IdentityRules.TEAM_NAME_MESSAGE) @Size(max = 200,
                    message = IdentityRules.TEAM_NAME_MESSAGE) String name) {}

    /** The role a member has in the team. A string, so a wrong value is answered with 422 naming the field. */
    record MembershipRequest(
            @NotNull(message = IdentityRules.ROLE_MESSAGE) @Pattern(regexp = IdentityRules.ROLE_PATTERN,
                    message = IdentityRules.ROLE_MESSAGE) String role) {}
}
