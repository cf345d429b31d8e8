package dev.ordinal.it.statefulset;

import java.util.Arrays;
import java.util.List;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * persistentVolumeClaimRetentionPolicy: which claims a scale-down from 3 to 1 and then the set's
 * deletion leave behind. Upstream makes the set the owner of its claims when whenDeleted is
 * Delete, and a condemned pod the owner of its claim when whenScaled is Delete; the garbage
 * collector does the rest.
 */
@StatefulSetScenario
class ClaimRetentionIT {

    @LocalServerPort
    int port;

    private TestNamespace ns;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(port, "retention");
        ns.createNginxService();
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @ParameterizedTest(name = "whenDeleted: {0}, whenScaled: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Retain | Retain | www-web-0 www-web-1 www-web-2 | www-web-0 www-web-1 www-web-2
            Delete | Retain | www-web-0 www-web-1 www-web-2 |
            Retain | Delete | www-web-0                     | www-web-0
            Delete | Delete | www-web-0                     |
            """)
    void scalingDownAndDeletingTheSetLeaveTheClaimsThePolicyKeeps(String whenDeleted, String whenScaled,
                                                                  String afterScaleDown, String afterDeletion) {
        StatefulSet created = ns.create(Manifests.web(3).editSpec().withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenDeleted(whenDeleted).withWhenScaled(whenScaled).endPersistentVolumeClaimRetentionPolicy()
                .endSpec().build());
        ns.awaitRolledOut("web", 3);
        String owner = whenDeleted.equals("Delete") ? "StatefulSet/web/" + created.getMetadata().getUid() : null;
        for (PersistentVolumeClaim claim : ns.claims()) {
            assertThat(owners(claim)).as(claim.getMetadata().getName())
                    .isEqualTo(owner == null ? List.of() : List.of(owner));
        }

        ns.set("web").scale(1);
        ns.awaitRolledOut("web", 1);
        ns.until("the claims are " + afterScaleDown, () -> ns.claimNames().equals(names(afterScaleDown)));

        ns.set("web").delete();
        ns.until("the set and its pods are gone", () -> ns.set("web").get() == null && ns.pods().isEmpty());
        ns.until("the claims are " + afterDeletion, () -> ns.claimNames().equals(names(afterDeletion)));
    }

    private static List<String> owners(PersistentVolumeClaim claim) {
        List<OwnerReference> references = claim.getMetadata().getOwnerReferences();
        return references == null ? List.of() : references.stream()
                .map(reference -> reference.getKind() + "/" + reference.getName() + "/" + reference.getUid()).toList();
    }

    private static List<String> names(String names) {
        return names == null ? List.of() : Arrays.stream(names.trim().split(" +")).toList();
    }
}
