package dev.slipway.deploy;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DeploymentRequestRepository extends JpaRepository<DeploymentRequest, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from DeploymentRequest r where r.id = :id")
    Optional<DeploymentRequest> lockById(Long id);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from DeploymentRequest r where r.serviceId = :serviceId and r.environmentId = :environmentId"
            + " and r.state in :states and r.id < :beforeId order by r.id")
    List<DeploymentRequest> lockOlderInStates(Long serviceId, Long environmentId, Collection<RequestState> states,
            Long beforeId);

    /** As {@link #lockOlderInStates}, for the service and environment of request {@code id}. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from DeploymentRequest r where r.serviceId = (select o.serviceId from DeploymentRequest o"
            + " where o.id = :id) and r.environmentId = (select o.environmentId from DeploymentRequest o where o.id = :id)"
            + " and r.state in :states and r.id < :id order by r.id")
    List<DeploymentRequest> lockOlderOfSamePairInStates(Long id, Collection<RequestState> states);
}
