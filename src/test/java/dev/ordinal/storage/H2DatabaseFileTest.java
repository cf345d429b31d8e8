package dev.ordinal.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2DatabaseFileTest {

    @Test
    void aFileUrlNamesItsMvStoreFile() {
        assertThat(H2DatabaseFile.of("jdbc:h2:file:./data/ordinal;WRITE_DELAY=0"))
                .contains(new H2DatabaseFile(Path.of("data/ordinal.mv.db").toAbsolutePath()));
        assertThat(H2DatabaseFile.of("jdbc:h2:/srv/ordinal/db"))
                .contains(new H2DatabaseFile(Path.of("/srv/ordinal/db.mv.db")));
        assertThat(H2DatabaseFile.of("jdbc:h2:~/ordinal"))
                .contains(new H2DatabaseFile(Path.of(System.getProperty("user.home"), "ordinal.mv.db")));
    }

    @Test
    void otherDatabasesAndH2sOtherStoresNameNoFile() {
        assertThat(H2DatabaseFile.of("jdbc:h2:mem:ordinal;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(H2DatabaseFile.of("jdbc:h2:tcp://localhost/~/ordinal")).isEmpty();
        assertThat(H2DatabaseFile.of("jdbc:postgresql://db:5432/ordinal")).isEmpty();
        assertThat(H2DatabaseFile.of(null)).isEmpty();
    }
}
