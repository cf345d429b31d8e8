package dev.ordinal.registry.admission.webhook;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.registry.rest.ResourceDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** The user a webhook's AdmissionReview names is the request's, as upstream's CreateV1AdmissionReview. */
class AdmissionReviewsTest {

    private static final ResourceDefinition CONFIG_MAPS =
            ResourceDefinition.builder("", "v1", "ConfigMap", "configmaps").build();

    private static AdmissionReview review(dev.ordinal.security.UserInfo user) {
        Unstructured object = new Unstructured((ObjectNode) JsonMapper.shared().readTree(
                "{\"metadata\": {\"name\": \"settings\"}}"));
        return AdmissionReviews.request(new AdmissionAttributes(Operation.CREATE, CONFIG_MAPS, "", "default",
                "settings", object, null, false, user), "uid-1");
    }

    @Test
    void theReviewNamesTheRequestsUserWithItsUidGroupsAndExtra() {
        UserInfo user = review(new dev.ordinal.security.UserInfo("system:serviceaccount:default:robot", "4f1c",
                List.of("system:serviceaccounts", "system:authenticated"),
                Map.of("authentication.kubernetes.io/pod-name", List.of("web-0")))).getRequest().getUserInfo();
        assertThat(user.getUsername()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(user.getUid()).isEqualTo("4f1c");
        assertThat(user.getGroups()).containsExactly("system:serviceaccounts", "system:authenticated");
        assertThat(user.getExtra()).containsEntry("authentication.kubernetes.io/pod-name", List.of("web-0"));
    }

    @Test
    void emptyFieldsAreLeftOutAsUpstreamOmitsThem() {
        UserInfo user = review(new dev.ordinal.security.UserInfo("alice", "", List.of(), Map.of()))
                .getRequest().getUserInfo();
        assertThat(user.getUsername()).isEqualTo("alice");
        assertThat(user.getUid()).isNull();
        assertThat(user.getGroups()).isNullOrEmpty();
        assertThat(user.getExtra()).isNullOrEmpty();
    }
}
