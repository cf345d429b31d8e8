package dev.ordinal.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Starts the real server on a random port with a throwaway in-memory database; the port is
 * {@code @LocalServerPort}. Tests that share this configuration share one server; a test that
 * adds properties gets a server of its own, with a database of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ordinal-${random.uuid};DB_CLOSE_DELAY=-1",
        "ordinal.kubeconfig=target/test.kubeconfig",
        "ordinal.dns.port=0",
        "ordinal.storage.mutation-detector=true"
})
public @interface ServerTest {
}
