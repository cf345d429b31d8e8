package dev.ordinal.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the design map, checked over the compiled classes: every arrow points down,
 * from api through registry to storage, with machinery beneath them all, and the controllers,
 * the simulated kubelet and DNS beside the api as clients of the registry.
 */
class ArchitectureTest {

    private static final String BASE = "dev.ordinal";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void machineryDependsOnNoOtherLayer() {
        noClasses().that().resideInAPackage(BASE + ".machinery..")
                .should().dependOnClassesThat(resideInAPackage(BASE + "..")
                        .and(resideOutsideOfPackage(BASE + ".machinery..")))
                .check(classes);
    }

    @Test
    void storageDependsOnlyOnMachinery() {
        noClasses().that().resideInAPackage(BASE + ".storage..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".registry..",
                        BASE + ".controller..", BASE + ".kubelet..", BASE + ".dns..")
                .check(classes);
    }

    @Test
    void registryNeverDependsOnItsClients() {
        noClasses().that().resideInAPackage(BASE + ".registry..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".controller..",
                        BASE + ".kubelet..", BASE + ".dns..")
                .check(classes);
    }

    /** The api layer translates HTTP; the registry is its one door into storage. */
    @Test
    void apiReachesStorageOnlyThroughTheRegistry() {
        noClasses().that().resideInAPackage(BASE + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".storage..", BASE + ".controller..",
                        BASE + ".kubelet..", BASE + ".dns..")
                .check(classes);
    }

    /**
     * Controllers, the kubelet and DNS read through the shared informers and write through the
     * registry: only the informer machinery of controller.runtime lists and watches the store.
     */
    @Test
    void clientsReachStorageOnlyThroughTheRegistryAndTheInformers() {
        noClasses().that().resideInAnyPackage(BASE + ".controller..", BASE + ".kubelet..", BASE + ".dns..")
                .and().resideOutsideOfPackage(BASE + ".controller.runtime")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".storage..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(classes);
    }
}
