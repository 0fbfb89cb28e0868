package dev.slipway.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface RevisionRepository extends JpaRepository<Revision, Long> {

    Optional<Revision> findByServiceIdAndNumber(Long serviceId, int number);

    List<Revision> findByServiceIdOrderByNumberDesc(Long serviceId);
}
