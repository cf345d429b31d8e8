package dev.ordinal.api;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.security.UserInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** The attributes a request is authorized on, as upstream's RequestInfoFactory works them out. */
class AuthorizationAttributesTest {

    private static Attributes of(String method, String path, String... parameters) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        for (int i = 0; i < parameters.length; i += 2) {
            request.setParameter(parameters[i], parameters[i + 1]);
        }
        return RequestInfo.authorizationAttributes(request, path, UserInfo.ANONYMOUS);
    }

    private static Attributes resource(String verb, String namespace, String group, String version, String resource,
                                       String subresource, String name) {
        return Attributes.resource(UserInfo.ANONYMOUS, verb, namespace, group, version, resource, subresource, name);
    }

    @Test
    void theMethodAndTheNameMakeTheVerb() {
        assertThat(of("GET", "/api/v1/namespaces/default/pods"))
                .isEqualTo(resource("list", "default", "", "v1", "pods", "", ""));
        assertThat(of("GET", "/api/v1/namespaces/default/pods", "watch", "true"))
                .isEqualTo(resource("watch", "default", "", "v1", "pods", "", ""));
        assertThat(of("GET", "/api/v1/namespaces/default/pods/web-0"))
                .isEqualTo(resource("get", "default", "", "v1", "pods", "", "web-0"));
        assertThat(of("HEAD", "/api/v1/namespaces/default/pods/web-0").verb()).isEqualTo("get");
        assertThat(of("POST", "/apis/apps/v1/namespaces/ns/statefulsets"))
                .isEqualTo(resource("create", "ns", "apps", "v1", "statefulsets", "", ""));
        assertThat(of("PUT", "/apis/apps/v1/namespaces/ns/statefulsets/web/scale"))
                .isEqualTo(resource("update", "ns", "apps", "v1", "statefulsets", "scale", "web"));
        assertThat(of("PATCH", "/api/v1/nodes/node-1/status"))
                .isEqualTo(resource("patch", "", "", "v1", "nodes", "status", "node-1"));
        assertThat(of("DELETE", "/api/v1/namespaces/ns/pods/web-0").verb()).isEqualTo("delete");
        assertThat(of("DELETE", "/api/v1/namespaces/ns/pods").verb()).isEqualTo("deletecollection");
    }

    @Test
    void aWatchOrProxySegmentIsTheVerb() {
        assertThat(of("GET", "/api/v1/watch/namespaces/default/pods"))
                .isEqualTo(resource("watch", "default", "", "v1", "pods", "", ""));
        assertThat(of("GET", "/api/v1/proxy/namespaces/default/pods/web-0/some/path"))
                .isEqualTo(resource("proxy", "default", "", "v1", "pods", "", "web-0"));
    }

    @Test
    void aNamespaceIsItsOwnNamespace() {
        assertThat(of("GET", "/api/v1/namespaces/team"))
                .isEqualTo(resource("get", "team", "", "v1", "namespaces", "", "team"));
        assertThat(of("PUT", "/api/v1/namespaces/team/finalize"))
                .isEqualTo(resource("update", "team", "", "v1", "namespaces", "finalize", "team"));
        assertThat(of("GET", "/api/v1/namespaces"))
                .isEqualTo(resource("list", "", "", "v1", "namespaces", "", ""));
    }

    @Test
    void aListSelectingOneNameIsAboutThatName() {
        assertThat(of("GET", "/api/v1/namespaces/ns/pods", "fieldSelector", "metadata.name=web-0").name())
                .isEqualTo("web-0");
        assertThat(of("GET", "/api/v1/namespaces/ns/pods", "fieldSelector", "metadata.name!=web-0").name())
                .isEmpty();
    }

    @Test
    void discoveryAndOtherPathsAreNonResourceRequests() {
        assertThat(of("GET", "/healthz")).isEqualTo(Attributes.nonResource(UserInfo.ANONYMOUS, "get", "/healthz"));
        assertThat(of("GET", "/api/v1")).isEqualTo(Attributes.nonResource(UserInfo.ANONYMOUS, "get", "/api/v1"));
        assertThat(of("GET", "/apis/apps/v1").resourceRequest()).isFalse();
        assertThat(of("POST", "/ordinal/v1/reset")).isEqualTo(
                Attributes.nonResource(UserInfo.ANONYMOUS, "post", "/ordinal/v1/reset"));
    }

    @Test
    void aRefusalSaysWhatWasRefused() {
        UserInfo alice = new UserInfo("alice", "", java.util.List.of(), java.util.Map.of());
        assertThat(Attributes.resource(alice, "list", "default", "", "v1", "pods", "", "").forbiddenMessage())
                .isEqualTo("User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"");
        assertThat(Attributes.resource(alice, "get", "", "apps", "v1", "deployments", "scale", "x").forbiddenMessage())
                .isEqualTo("User \"alice\" cannot get resource \"deployments/scale\" in API group \"apps\" at the cluster scope");
        assertThat(AuthorizationFilter.forbidden(Attributes.nonResource(alice, "get", "/foo"), "").getMessage())
                .isEqualTo("forbidden: User \"alice\" cannot get path \"/foo\"");
        assertThat(AuthorizationFilter.forbidden(Attributes.resource(alice, "get", "default", "", "v1", "pods", "",
                "web-0"), "").getMessage()).isEqualTo("pods \"web-0\" is forbidden: User \"alice\" cannot get "
                + "resource \"pods\" in API group \"\" in the namespace \"default\"");
    }
}
