package dev.ordinal.storage;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;

/**
 * Prepares and checks the embedded H2 database file as soon as the configuration is known, before
 * anything opens a connection: H2 writes to the file as it opens it, and the connection pool, Flyway
 * and the store's restore would each report a failure with its own stack trace.
 */
class H2DatabaseFileCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
            return; // the build's ahead-of-time processing: nothing will open the store
        }
        H2DatabaseFile.of(event.getEnvironment().getProperty("spring.datasource.url")).ifPresent(database -> {
            database.createOwnerOnly();
            database.verify();
        });
    }
}
