package dev.ordinal.it.kubectl;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;

import static dev.ordinal.it.kubectl.Printed.assertPrinted;
import static dev.ordinal.it.kubectl.Printed.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RBAC as kubectl meets it on a cluster: {@code auth can-i} for the default user (in
 * {@code system:masters}) and for an impersonated one, a Role and RoleBinding granting in one
 * namespace only, the Forbidden message of a refused request, ClusterRole aggregation into
 * {@code view}, escalation refused, {@code --list}, and the tables of the RBAC kinds.
 */
@ContractServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlAuthorizationIT {

    @LocalServerPort
    int port;

    Kubectl kubectl;

    @BeforeAll
    void namespace() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        kubectl = new Kubectl(port, "rbac");
        assertPrinted(kubectl("create", "namespace", "rbac")).contains("namespace/rbac created");
    }

    private Kubectl.Result kubectl(String... args) {
        return kubectl.run(args);
    }

    /** What {@code kubectl auth can-i} answers on standard output (warnings go to standard error). */
    private String canI(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "auth";
        command[1] = "can-i";
        System.arraycopy(args, 0, command, 2, args.length);
        return kubectl.run(command).out();
    }

    @Test
    @Order(1)
    void theDefaultUserMayDoAnythingAndAnImpersonatedOneNothingYet() {
        Kubectl.Result master = kubectl("auth", "can-i", "delete", "nodes");
        assertThat(master.out()).isEqualTo("yes\n");
        assertThat(master.exitCode()).isZero();

        Kubectl.Result alice = kubectl("auth", "can-i", "list", "pods", "--as=alice");
        assertPrinted(alice).isEqualTo("no\n");
        assertThat(alice.exitCode()).isEqualTo(1);
        // system:basic-user and system:discovery are every authenticated user's.
        assertThat(canI("create", "selfsubjectaccessreviews", "--as=alice")).isEqualTo("yes\n");
        assertThat(canI("get", "/healthz", "--as=alice")).isEqualTo("yes\n");
        assertThat(canI("get", "/metrics", "--as=alice")).isEqualTo("no\n");
    }

    @Test
    @Order(2)
    void aRefusedRequestPrintsUpstreamsForbiddenMessage() {
        assertPrinted(kubectl("get", "pods", "--as=alice", "-n", "default")).contains(
                "Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list resource \"pods\" "
                        + "in API group \"\" in the namespace \"default\"");
        assertPrinted(kubectl("get", "pod", "web-0", "--as=alice")).contains(
                "Error from server (Forbidden): pods \"web-0\" is forbidden: User \"alice\" cannot get resource "
                        + "\"pods\" in API group \"\" in the namespace \"rbac\"");
        assertPrinted(kubectl("get", "nodes", "--as=alice")).contains(
                "nodes is forbidden: User \"alice\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
        assertPrinted(kubectl("get", "--raw", "/metrics", "--as=alice")).contains(
                "forbidden: User \"alice\" cannot get path \"/metrics\"");
    }

    @Test
    @Order(3)
    void aRoleBindingGrantsInItsNamespaceOnly() {
        assertPrinted(kubectl("create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods,pods/log"))
                .contains("role.rbac.authorization.k8s.io/pod-reader created");
        assertPrinted(kubectl("create", "rolebinding", "alice-reads", "--role=pod-reader", "--user=alice",
                "--group=readers", "--serviceaccount=rbac:robot"))
                .contains("rolebinding.rbac.authorization.k8s.io/alice-reads created");

        assertThat(canI("list", "pods", "--as=alice")).isEqualTo("yes\n");
        assertThat(canI("get", "pods", "--subresource=log", "--as=alice")).isEqualTo("yes\n");
        assertThat(canI("get", "pods", "--subresource=exec", "--as=alice")).isEqualTo("no\n");
        assertThat(canI("delete", "pods", "--as=alice")).isEqualTo("no\n");
        assertThat(canI("list", "pods", "--as=alice", "-n", "default")).isEqualTo("no\n");
        assertThat(canI("list", "pods", "--as=bob", "--as-group=readers")).isEqualTo("yes\n");
        assertPrinted(kubectl("auth", "can-i", "list", "pods", "--as=system:serviceaccount:rbac:robot"))
                .isEqualTo("yes\n");
        assertPrinted(kubectl("get", "pods", "--as=alice")).contains("No resources found in rbac namespace.");

        assertPrinted(kubectl("get", "rolebinding", "alice-reads", "-o", "wide")).containsPattern(
                line("NAME +ROLE +AGE +USERS +GROUPS +SERVICEACCOUNTS"))
                .containsPattern(line("alice-reads +Role/pod-reader +\\S+ +alice +readers +rbac/robot"));
        assertPrinted(kubectl("get", "role", "pod-reader")).containsPattern(line("NAME +CREATED AT"))
                .containsPattern(line("pod-reader +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    }

    @Test
    @Order(4)
    void listShowsTheRulesOfTheUserInTheNamespace() {
        Kubectl.Result list = kubectl("auth", "can-i", "--list", "--as=alice");
        assertPrinted(list).containsPattern(line("Resources +Non-Resource URLs +Resource Names +Verbs"))
                .containsPattern(line("pods +\\[\\] +\\[\\] +\\[get list watch\\]"))
                .containsPattern(line("pods/log +\\[\\] +\\[\\] +\\[get list watch\\]"))
                .containsPattern(line(" +\\[/healthz\\] +\\[\\] +\\[get\\]"));
        assertPrinted(kubectl("auth", "can-i", "--list", "--as=alice", "-n", "default")).doesNotContain("pods ");
    }

    @Test
    @Order(5)
    void aLabelledClusterRoleAggregatesIntoView() throws InterruptedException {
        assertPrinted(kubectl("create", "rolebinding", "carol-views", "--clusterrole=view", "--user=carol"))
                .contains("created");
        assertThat(canI("list", "secrets", "--as=carol")).isEqualTo("no\n");

        assertPrinted(kubectl("create", "clusterrole", "secret-reader", "--verb=get,list", "--resource=secrets"))
                .contains("created");
        assertPrinted(kubectl("label", "clusterrole", "secret-reader",
                "rbac.authorization.k8s.io/aggregate-to-view=true")).contains("labeled");
        String rules = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !rules.contains("secrets")) {
            rules = kubectl("get", "clusterrole", "view", "-o", "jsonpath={.rules[*].resources}").out();
            Thread.sleep(100);
        }
        assertThat(rules).contains("secrets").contains("pods");
        assertThat(canI("list", "secrets", "--as=carol")).isEqualTo("yes\n");
        assertThat(canI("delete", "secrets", "--as=carol")).isEqualTo("no\n");
    }

    @Test
    @Order(6)
    void grantingWhatOneDoesNotHoldIsRefused() {
        assertPrinted(kubectl("create", "role", "role-writer", "--verb=create,get,list",
                "--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io"))
                .contains("created");
        assertPrinted(kubectl("create", "rolebinding", "dave-writes-roles", "--role=role-writer", "--user=dave"))
                .contains("created");

        assertPrinted(kubectl("create", "role", "everything", "--verb=*", "--resource=secrets", "--as=dave"))
                .contains("Error from server (Forbidden): roles.rbac.authorization.k8s.io \"everything\" is forbidden: "
                        + "user \"dave\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions "
                        + "not currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"*\"]}");
        assertPrinted(kubectl("create", "rolebinding", "dave-admin", "--clusterrole=admin", "--user=dave", "--as=dave"))
                .contains("rolebindings.rbac.authorization.k8s.io \"dave-admin\" is forbidden: user \"dave\"");
        // What dave holds he may grant.
        assertPrinted(kubectl("create", "role", "smaller", "--verb=get", "--resource=roles.rbac.authorization.k8s.io",
                "--as=dave")).contains("role.rbac.authorization.k8s.io/smaller created");
        // The default user is in system:masters, which may always.
        assertPrinted(kubectl("create", "role", "everything", "--verb=*", "--resource=*")).contains("created");
    }

    @Test
    @Order(7)
    void theBootstrapBindingsAreServed() {
        assertPrinted(kubectl("get", "clusterrolebinding", "cluster-admin", "-o", "wide"))
                .containsPattern(line("cluster-admin +ClusterRole/cluster-admin +\\S+ +system:masters *"));
        assertPrinted(kubectl("get", "clusterroles", "cluster-admin", "admin", "edit", "view", "system:discovery",
                "system:basic-user", "system:public-info-viewer", "system:monitoring", "-o", "name"))
                .contains("clusterrole.rbac.authorization.k8s.io/system:monitoring");
    }
}
