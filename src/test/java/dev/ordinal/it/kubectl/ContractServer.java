package dev.ordinal.it.kubectl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

/**
 * The server of the kubectl contract tests: a database of its own, so the checklist starts on a
 * fresh server as the contract says, and a simulated kubelet without delays, so a roll-out takes
 * about as long as kubectl's round trips. Every class with this annotation shares the one server,
 * each in namespaces of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServerTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:kubectl-contract;DB_CLOSE_DELAY=-1",
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@interface ContractServer {
}
