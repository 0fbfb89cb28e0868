package dev.slipway.deploy.requests;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface DeploymentRequestRepository extends JpaRepository<DeploymentRequest, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from DeploymentRequest r where r.id = :id")
    Optional<DeploymentRequest> lockById(Long id);

    /**
     * {@link RequestState#WAITING}, spelled out: Hibernate translates a query with a collection-valued
     * parameter again at every execution, which made this lock the costliest query of a deployment request.
     */
    String WAITING = "(dev.slipway.deploy.requests.RequestState.PENDING_APPROVAL, dev.slipway.deploy.requests.RequestState.APPROVED,"
            + " dev.slipway.deploy.requests.RequestState.WAITING_FOR_WINDOW)";

    /** The waiting requests of a service in an environment older than {@code beforeId}, locked in id order. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from DeploymentRequest r where r.serviceId = :serviceId and r.environmentId = :environmentId"
            + " and r.state in " + WAITING + " and r.id < :beforeId order by r.id")
    List<DeploymentRequest> lockOlderWaiting(Long serviceId, Long environmentId, Long beforeId);

    /** As {@link #lockOlderWaiting}, for the service and environment of request {@code id}. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from DeploymentRequest r where r.serviceId = (select o.serviceId from DeploymentRequest o"
            + " where o.id = :id) and r.environmentId = (select o.environmentId from DeploymentRequest o where o.id = :id)"
            + " and r.state in " + WAITING + " and r.id < :id order by r.id")
    List<DeploymentRequest> lockOlderWaitingOfSamePair(Long id);
}
