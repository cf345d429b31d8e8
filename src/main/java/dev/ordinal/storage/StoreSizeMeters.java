package dev.ordinal.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The store's size beside its quota, under {@code /actuator/metrics}, as etcd reports
 * {@code etcd_mvcc_db_total_size_in_bytes} beside {@code etcd_server_quota_backend_bytes}: how
 * close the store is to refusing writes.
 */
@Component
class StoreSizeMeters implements MeterBinder {

    private final ObjectStore store;
    private final StorageProperties properties;

    StoreSizeMeters(ObjectStore store, StorageProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ordinal.storage.size", store, ObjectStore::size).baseUnit(BaseUnits.BYTES)
                .description("The bytes of the stored objects' JSON, what the quota bounds").register(registry);
        Gauge.builder("ordinal.storage.quota", properties, p -> p.quotaBytes().toBytes()).baseUnit(BaseUnits.BYTES)
                .description("How large the stored objects may grow (ordinal.storage.quota-bytes)").register(registry);
    }
}
