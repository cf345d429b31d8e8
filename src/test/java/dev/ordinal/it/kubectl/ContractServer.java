package dev.ordinal.it.kubectl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

/**
 * The server of the kubectl contract tests: a simulated kubelet without delays, so a roll-out takes
 * about as long as kubectl's round trips. Every test class with these properties shares the one
 * server (the simulated-cluster tests too), each in namespaces of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0"})
@interface ContractServer {
}
