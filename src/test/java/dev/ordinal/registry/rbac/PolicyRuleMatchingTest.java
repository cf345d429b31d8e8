package dev.ordinal.registry.rbac;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import org.junit.jupiter.api.Test;

import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.security.UserInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream's RuleAllows: verbs, groups, resources and subresources, names and non-resource URLs. */
class PolicyRuleMatchingTest {

    private static final UserInfo ALICE = new UserInfo("alice", "", List.of(), Map.of());

    private static Attributes request(String verb, String group, String resource, String subresource, String name) {
        return Attributes.resource(ALICE, verb, "default", group, "v1", resource, subresource, name);
    }

    private static PolicyRule rule(List<String> verbs, List<String> groups, List<String> resources, String... names) {
        return new PolicyRuleBuilder().withVerbs(verbs).withApiGroups(groups).withResources(resources)
                .withResourceNames(names).build();
    }

    @Test
    void verbsGroupsAndResourcesMustAllMatch() {
        PolicyRule readPods = rule(List.of("get", "list"), List.of(""), List.of("pods"));
        assertThat(PolicyRuleMatching.allows(request("get", "", "pods", "", "web-0"), readPods)).isTrue();
        assertThat(PolicyRuleMatching.allows(request("delete", "", "pods", "", "web-0"), readPods)).isFalse();
        assertThat(PolicyRuleMatching.allows(request("get", "apps", "pods", "", "web-0"), readPods)).isFalse();
        assertThat(PolicyRuleMatching.allows(request("get", "", "secrets", "", "s"), readPods)).isFalse();
    }

    @Test
    void aStarMatchesEverything() {
        PolicyRule everything = rule(List.of("*"), List.of("*"), List.of("*"));
        assertThat(PolicyRuleMatching.allows(request("deletecollection", "apps", "statefulsets", "scale", ""),
                everything)).isTrue();
    }

    @Test
    void aSubresourceIsNamedWithItsResourceOrByStar() {
        PolicyRule logs = rule(List.of("get"), List.of(""), List.of("pods/log"));
        assertThat(PolicyRuleMatching.allows(request("get", "", "pods", "log", "web-0"), logs)).isTrue();
        assertThat(PolicyRuleMatching.allows(request("get", "", "pods", "", "web-0"), logs)).isFalse();
        assertThat(PolicyRuleMatching.allows(request("get", "", "pods", "exec", "web-0"), logs)).isFalse();

        PolicyRule pods = rule(List.of("get"), List.of(""), List.of("pods"));
        assertThat(PolicyRuleMatching.allows(request("get", "", "pods", "log", "web-0"), pods)).isFalse();

        PolicyRule anyScale = rule(List.of("update"), List.of("*"), List.of("*/scale"));
        assertThat(PolicyRuleMatching.allows(request("update", "apps", "statefulsets", "scale", "web"), anyScale))
                .isTrue();
        assertThat(PolicyRuleMatching.allows(request("update", "apps", "statefulsets", "", "web"), anyScale)).isFalse();
    }

    @Test
    void resourceNamesLimitTheRuleToThoseNames() {
        PolicyRule one = rule(List.of("get"), List.of(""), List.of("configmaps"), "settings");
        assertThat(PolicyRuleMatching.allows(request("get", "", "configmaps", "", "settings"), one)).isTrue();
        assertThat(PolicyRuleMatching.allows(request("get", "", "configmaps", "", "other"), one)).isFalse();
        assertThat(PolicyRuleMatching.allows(request("list", "", "configmaps", "", ""), one)).isFalse();
    }

    @Test
    void nonResourceUrlsMatchExactlyOrByATrailingStar() {
        PolicyRule discovery = new PolicyRuleBuilder().withVerbs("get").withNonResourceURLs("/healthz", "/apis/*")
                .build();
        assertThat(PolicyRuleMatching.allows(Attributes.nonResource(ALICE, "get", "/healthz"), discovery)).isTrue();
        assertThat(PolicyRuleMatching.allows(Attributes.nonResource(ALICE, "get", "/healthz/etcd"), discovery)).isFalse();
        assertThat(PolicyRuleMatching.allows(Attributes.nonResource(ALICE, "get", "/apis/apps/v1"), discovery)).isTrue();
        assertThat(PolicyRuleMatching.allows(Attributes.nonResource(ALICE, "post", "/healthz"), discovery)).isFalse();
        // A resource rule never allows a path, nor a path rule a resource.
        assertThat(PolicyRuleMatching.allows(request("get", "", "pods", "", ""), discovery)).isFalse();
        assertThat(PolicyRuleMatching.allows(Attributes.nonResource(ALICE, "get", "/healthz"),
                rule(List.of("*"), List.of("*"), List.of("*")))).isFalse();
    }
}
