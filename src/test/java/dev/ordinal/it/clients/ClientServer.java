package dev.ordinal.it.clients;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

/**
 * The server the JavaScript and Python clients drive: a simulated kubelet with small delays, so
 * pods pass through Pending and Running before Ready and the clients' watches and informers see
 * every step. Both client tests share this one server, each in a namespace of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=100ms", "ordinal.kubelet.ready-delay=100ms", "ordinal.kubelet.stop-delay=100ms"})
@interface ClientServer {
}
