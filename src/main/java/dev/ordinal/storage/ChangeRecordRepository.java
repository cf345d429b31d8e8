package dev.ordinal.storage;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Reads the retained change log back at start; {@link JdbcObjectStore} writes it with plain statements. */
interface ChangeRecordRepository extends JpaRepository<ChangeRecord, Long> {

    @Query("select max(c.resourceVersion) from ChangeRecord c")
    Long maxResourceVersion();

    @Query("select c from ChangeRecord c where c.resourceVersion > :after order by c.resourceVersion")
    List<ChangeRecord> findAfter(@Param("after") long after);
}
