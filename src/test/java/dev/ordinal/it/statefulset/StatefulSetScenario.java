package dev.ordinal.it.statefulset;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

/**
 * The real server with every controller running and a quick simulated kubelet: a pod is Running
 * 100ms after it is scheduled, Ready 100ms later, and gone 100ms after its deletion. All scenario
 * classes share this one configuration, so they share one server; each test works in a namespace
 * of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=100ms", "ordinal.kubelet.ready-delay=100ms", "ordinal.kubelet.stop-delay=100ms"})
@Timeout(60)
@interface StatefulSetScenario {
}
