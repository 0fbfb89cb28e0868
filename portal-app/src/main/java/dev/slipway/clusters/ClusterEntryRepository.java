package dev.slipway.clusters;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ClusterEntryRepository extends JpaRepository<ClusterEntry, Long> {
    Optional<ClusterEntry> findByName(String name);

    List<ClusterEntry> findAllByOrderByNameAsc();
}
