package dev.ordinal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test kit compiles with the tests, whose classpath holds the whole server; these rules keep
 * it (not its own unit tests, which share its package) to what its users' suites have: the JDK, JUnit, and the two clients, each touched by one class
 * only, so that a suite with one client and not the other loads the kit.
 */
class TestKitDependenciesTest {

    private static final String KIT = "dev.ordinal.testkit";
    private static JavaClasses kit;

    /**
     * The rules look only at the names of what the kit depends on, so those classes are not read
     * from the classpath (reading the clients' and their dependencies' took most of a minute).
     */
    @BeforeAll
    static void importKit() {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolving = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            kit = new ClassFileImporter().importPackages(KIT);
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolving);
        }
    }

    @Test
    void theKitNeedsNoMoreThanTheJdkJunitAndTheClients() {
        classes().that().resideInAPackage(KIT).and().haveSimpleNameNotEndingWith("Test")
                .should().onlyDependOnClassesThat().resideInAnyPackage(KIT, "java..", "org.junit..",
                        "io.fabric8.kubernetes.client..", "io.kubernetes.client..")
                .check(kit);
    }

    @Test
    void eachClientIsTouchedByOneClassOnly() {
        noClasses().that().resideInAPackage(KIT).and().haveSimpleNameNotEndingWith("Test")
                .and().doNotHaveSimpleName("Fabric8Clients")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .check(kit);
        noClasses().that().resideInAPackage(KIT).and().haveSimpleNameNotEndingWith("Test")
                .and().doNotHaveSimpleName("OfficialClients")
                .should().dependOnClassesThat().resideInAPackage("io.kubernetes.client..")
                .check(kit);
    }
}
