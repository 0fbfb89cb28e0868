package dev.slipway.audit;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

    List<AuditEvent> findByServiceOrderByIdDesc(String service, Limit limit);

    List<AuditEvent> findByServiceAndTeamOrderByIdDesc(String service, String team, Limit limit);
}
