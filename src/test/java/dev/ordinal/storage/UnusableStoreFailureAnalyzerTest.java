package dev.ordinal.storage;

import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class UnusableStoreFailureAnalyzerTest {

    private final UnusableStoreFailureAnalyzer analyzer = new UnusableStoreFailureAnalyzer();

    @Test
    void aStoreRefusedBeforeItWasOpenedIsReportedAsItsOneLine() {
        UnusableStoreException inUse = UnusableStoreException.inUse(Path.of("/srv/data/ordinal.mv.db"));

        FailureAnalysis analysis = analyzer.analyze(inUse);

        assertThat(analysis.getDescription()).isEqualTo(inUse.getMessage()).doesNotContain("\n");
        assertThat(analysis.getAction()).isEqualTo(inUse.action());
    }

    /** What H2 throws when the store's restore reads a page it cannot decode, deep in a bean's creation. */
    @Test
    void aPageH2CannotReadAtStartIsReportedAsADamagedStore() {
        SQLException corrupted = new SQLException("File corrupted while reading record: \"/srv/data/ordinal.mv.db\"."
                + " Possible solution: use the recovery tool", "90030", ErrorCode.FILE_CORRUPTED_1);
        BeanCreationException failure = new BeanCreationException("jdbcObjectStore", "failed", corrupted);

        FailureAnalysis analysis = analyzer.analyze(failure);

        assertThat(analysis.getDescription()).isEqualTo("The store is damaged: " + corrupted.getMessage());
        assertThat(analysis.getAction()).contains("ordinal snapshot restore");
    }

    @Test
    void otherFailuresAreLeftToOtherAnalyzers() {
        assertThat(analyzer.analyze(new BeanCreationException("other", "failed",
                new SQLException("connection refused", "08001", 0)))).isNull();
    }
}
