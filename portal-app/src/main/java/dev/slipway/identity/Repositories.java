package dev.slipway.identity;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TeamRepository extends JpaRepository<Team, Long> {
    Optional<Team> findBySlug(String slug);

    List<Team> findAllByOrderBySlugAsc();

    List<Team> findBySlugGreaterThanOrderBySlugAsc(String slug, Limit limit);
}

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {
    Optional<UserAccount> findByUsername(String username);

    List<UserAccount> findAllByOrderByUsernameAsc();

    List<UserAccount> findByUsernameGreaterThanOrderByUsernameAsc(String username, Limit limit);
}

interface TeamMembershipRepository extends JpaRepository<TeamMembership, TeamMembership.Key> {

    /** Rows of (team slug, role) for one user. */
    @Query("select t.slug, m.role from TeamMembership m, Team t where t.id = m.id.teamId and m.id.userId = :userId")
    List<Object[]> findTeamRolesOfUser(Long userId);

    /** Rows of (username, display name, role) for one team. */
    @Query("select u.username, u.displayName, m.role from TeamMembership m, UserAccount u"
            + " where u.id = m.id.userId and m.id.teamId = :teamId order by u.username")
    List<Object[]> findMembersOfTeam(Long teamId);
}
