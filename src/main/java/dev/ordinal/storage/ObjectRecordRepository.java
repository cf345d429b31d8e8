package dev.ordinal.storage;

import org.springframework.data.jpa.repository.JpaRepository;

/** Reads the stored objects back at start; {@link JdbcObjectStore} writes them with plain statements. */
interface ObjectRecordRepository extends JpaRepository<ObjectRecord, ObjectRecordKey> {
}
