package dev.slipway.clusters;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnvironmentEntryRepository extends JpaRepository<EnvironmentEntry, Long> {
    Optional<EnvironmentEntry> findByName(String name);

    List<EnvironmentEntry> findAllByOrderByPromotionOrderAscNameAsc();

    List<EnvironmentEntry> findByClusterId(Long clusterId);
}
