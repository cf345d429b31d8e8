package dev.ordinal.registry;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ordinal.registry.DeletionFinalizers.FOREGROUND_DELETION;
import static dev.ordinal.registry.DeletionFinalizers.ORPHAN;
import static dev.ordinal.registry.DeletionFinalizers.forDeletion;
import static dev.ordinal.registry.rest.GarbageCollectionPolicy.DELETE_DEPENDENTS;
import static dev.ordinal.registry.rest.GarbageCollectionPolicy.ORPHAN_DEPENDENTS;
import static dev.ordinal.registry.rest.GarbageCollectionPolicy.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;

class DeletionFinalizersTest {

    @Test
    void explicitPolicySetsItsFinalizerAndDropsTheOther() {
        assertThat(forDeletion(List.of(), "Foreground", DELETE_DEPENDENTS)).containsExactly(FOREGROUND_DELETION);
        assertThat(forDeletion(List.of(), "Orphan", DELETE_DEPENDENTS)).containsExactly(ORPHAN);
        assertThat(forDeletion(List.of("example.com/keep", FOREGROUND_DELETION), "Orphan", DELETE_DEPENDENTS))
                .containsExactly("example.com/keep", ORPHAN);
        assertThat(forDeletion(List.of(ORPHAN, "example.com/keep"), "Background", DELETE_DEPENDENTS))
                .containsExactly("example.com/keep");
    }

    @Test
    void withoutPolicyAnExistingFinalizerWinsOverTheDefault() {
        assertThat(forDeletion(List.of(), "", DELETE_DEPENDENTS)).isEmpty();
        assertThat(forDeletion(List.of(), "", ORPHAN_DEPENDENTS)).containsExactly(ORPHAN);
        assertThat(forDeletion(List.of(FOREGROUND_DELETION), "", ORPHAN_DEPENDENTS))
                .containsExactly(FOREGROUND_DELETION);
        assertThat(forDeletion(List.of(ORPHAN), "", DELETE_DEPENDENTS)).containsExactly(ORPHAN);
    }

    @Test
    void kindsOutsideGarbageCollectionKeepTheirFinalizers() {
        assertThat(forDeletion(List.of(), "Foreground", UNSUPPORTED)).isEmpty();
        assertThat(forDeletion(List.of(ORPHAN), "Background", UNSUPPORTED)).containsExactly(ORPHAN);
    }

    @Test
    void anUnchangedSetIsTheSameList() {
        List<String> finalizers = List.of(FOREGROUND_DELETION, "example.com/keep");
        assertThat(forDeletion(finalizers, "Foreground", DELETE_DEPENDENTS)).isSameAs(finalizers);
    }
}
