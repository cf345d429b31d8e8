package dev.ordinal.testkit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit extension behind {@link EnableOrdinal}: finds or starts the server for the class's
 * settings, makes each test's namespace, and injects what the test asks for.
 */
public final class OrdinalExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(OrdinalExtension.class);
    private static final Set<String> FABRIC8_CLIENTS = Set.of("io.fabric8.kubernetes.client.KubernetesClient",
            "io.fabric8.kubernetes.client.NamespacedKubernetesClient");
    private static final String API_CLIENT = "io.kubernetes.client.openapi.ApiClient";
    private static final String NAMESPACE_KEY = "namespace";

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        SharedServer shared = shared(context);
        for (Field field : fields(context.getRequiredTestClass(), true)) {
            if (field.isAnnotationPresent(TestNamespace.class)) {
                throw new ExtensionConfigurationException("@TestNamespace " + field
                        + " is static, but a test namespace is made for each test");
            }
            field.setAccessible(true);
            field.set(null, value(field.getType(), field, shared, null));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        SharedServer shared = shared(context);
        String namespace = null;
        if (settings(context).namespacePerTest()) {
            namespace = shared.server().createNamespace(context.getRequiredTestMethod().getName());
            context.getStore(STORE).put(NAMESPACE_KEY, namespace);
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : fields(instance.getClass(), false)) {
                field.setAccessible(true);
                field.set(instance, value(field.getType(), field, shared, namespace));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String namespace = context.getStore(STORE).remove(NAMESPACE_KEY, String.class);
        if (namespace != null) {
            shared(context).server().deleteNamespace(namespace);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return injectable(parameter.getParameter().getType(), parameter.getParameter());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String namespace = context.getTestMethod().isPresent()
                ? context.getStore(STORE).get(NAMESPACE_KEY, String.class) : null;
        return value(parameter.getParameter().getType(), parameter.getParameter(), shared(context), namespace);
    }

    /** The fields of the class and its superclasses that the kit fills, static or not. */
    private static List<Field> fields(Class<?> type, boolean statics) {
        return ReflectionSupport.findFields(type, field -> Modifier.isStatic(field.getModifiers()) == statics
                && injectable(field.getType(), field), HierarchyTraversalMode.TOP_DOWN);
    }

    private static boolean injectable(Class<?> type, AnnotatedElement element) {
        return type == OrdinalServer.class || type == URI.class
                || type == Path.class && element.isAnnotationPresent(Kubeconfig.class)
                || type == String.class && element.isAnnotationPresent(TestNamespace.class)
                || FABRIC8_CLIENTS.contains(type.getName()) || type.getName().equals(API_CLIENT);
    }

    private static Object value(Class<?> type, AnnotatedElement element, SharedServer shared, String namespace) {
        if (type == OrdinalServer.class) {
            return shared.server();
        }
        if (type == URI.class) {
            return shared.server().uri();
        }
        if (type == Path.class) {
            return shared.server().kubeconfig();
        }
        if (type == String.class) {
            if (namespace == null) {
                throw new ExtensionConfigurationException("@TestNamespace " + element + " has no namespace: it is "
                        + "made for each test, when @EnableOrdinal(namespacePerTest = true)");
            }
            return namespace;
        }
        if (FABRIC8_CLIENTS.contains(type.getName())) {
            return namespace == null ? shared.fabric8() : Fabric8Clients.inNamespace(shared.fabric8(), namespace);
        }
        return shared.apiClient();
    }

    /** The server for the class's settings: one per test run, started by the first class that asks. */
    private static SharedServer shared(ExtensionContext context) {
        EnableOrdinal settings = settings(context);
        String url = System.getProperty("ordinal.url", settings.url());
        ExtensionContext.Store root = context.getRoot().getStore(STORE);
        if (!url.isBlank()) {
            return root.getOrComputeIfAbsent(url, key -> new SharedServer(OrdinalServer.connect(URI.create(url))),
                    SharedServer.class);
        }
        return root.getOrComputeIfAbsent(ClusterSettings.of(settings),
                key -> new SharedServer(OrdinalServer.start(ServerJar.find(), (ClusterSettings) key)),
                SharedServer.class);
    }

    /** The annotation on the test class, or on a class enclosing a nested one. */
    private static EnableOrdinal settings(ExtensionContext context) {
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<EnableOrdinal> found = AnnotationSupport.findAnnotation(type, EnableOrdinal.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("OrdinalExtension needs @EnableOrdinal on the test class");
    }
}
