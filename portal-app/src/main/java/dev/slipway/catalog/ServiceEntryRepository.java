package dev.slipway.catalog;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ServiceEntryRepository extends JpaRepository<ServiceEntry, Long> {

    Optional<ServiceEntry> findByName(String name);

    /** Locks the service row: saves of one service are serialised, so a stale base is always seen. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from ServiceEntry s where s.name = :name")
    Optional<ServiceEntry> lockByName(String name);
}
