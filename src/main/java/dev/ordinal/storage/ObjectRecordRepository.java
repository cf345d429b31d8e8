package dev.ordinal.storage;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ObjectRecordRepository extends JpaRepository<ObjectRecord, ObjectRecordKey> {

    @Modifying
    @Query("update ObjectRecord o set o.resourceVersion = :rv, o.body = :body where o.key = :key")
    int overwrite(@Param("key") ObjectRecordKey key, @Param("rv") long resourceVersion, @Param("body") String body);

    @Modifying
    @Query("delete from ObjectRecord o where o.key = :key")
    int remove(@Param("key") ObjectRecordKey key);
}
