package dev.slipway.audit;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

    Optional<AuditEvent> findTopByOrderByIdDesc();

    @Query("select e from AuditEvent e where e.id > :afterId order by e.id asc")
    List<AuditEvent> findChainSegment(long afterId, Limit limit);

    List<AuditEvent> findByTargetTypeAndTargetOrderByIdDesc(String targetType, String target);

    List<AuditEvent> findByServiceOrderByIdDesc(String service, Limit limit);
}
