package dev.ordinal.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an Ordinal server: started from its jar (see {@link OrdinalServer})
 * once per test run for each set of settings and shared by every class that asks for the same
 * ones, or a running one ({@link #url()}).
 *
 * <p>Fields and parameters of these types are injected: {@code io.fabric8.kubernetes.client.KubernetesClient}
 * (scoped to the test's namespace), {@code io.kubernetes.client.openapi.ApiClient}, {@link OrdinalServer},
 * {@link java.net.URI} (the server's base URL), a {@link java.nio.file.Path} marked {@link Kubeconfig}
 * and a {@code String} marked {@link TestNamespace}. Static fields are set before all tests, instance
 * fields before each.
 *
 * <pre>{@code
 * @EnableOrdinal(nodes = 3)
 * class WebTest {
 *     KubernetesClient client;
 *
 *     @Test
 *     void becomesReady(OrdinalServer ordinal) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OrdinalExtension.class)
public @interface EnableOrdinal {

    /** How many simulated nodes the cluster has ({@code ordinal.nodes.count}). */
    int nodes() default 3;

    /** The nodes' {@code topology.kubernetes.io/zone} labels, round robin; none for the server's own. */
    String[] zones() default {};

    /** Scheduled to Running, as a Go duration ({@code 500ms}); empty for the server's 1s. */
    String startDelay() default "";

    /** Running to Ready, as a Go duration; empty for the server's 1s. */
    String readyDelay() default "";

    /** Deletion to gone, as a Go duration; empty for the server's 1s. */
    String stopDelay() default "";

    /** Any other server property, as {@code key=value} ({@code ordinal.nodes.cpu=4}). */
    String[] properties() default {};

    /**
     * The URL of a running server to use instead of starting one; the system property
     * {@code ordinal.url} sets it for every class. The cluster settings above are then the running
     * server's own.
     */
    String url() default "";

    /**
     * Whether each test gets a namespace of its own: created before it (with its {@code default}
     * ServiceAccount), the default namespace of the injected fabric8 client, and deleted after it.
     */
    boolean namespacePerTest() default true;
}
