package dev.ordinal.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.registry.core.RegistrySteps;

class LeaseStrategyTest {

    private final RegistrySteps steps = new RegistrySteps(new ClusterResources().leases());

    @Test
    void aLeaseLastsAPositiveTime() {
        assertThat(steps.createErrors("""
                {"metadata": {"name": "node-1"}, "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 40}}
                """)).isEmpty();
        assertThat(steps.createErrors("""
                {"metadata": {"name": "node-1"}, "spec": {"leaseDurationSeconds": 0, "leaseTransitions": -1}}
                """)).containsExactly(
                "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
                "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
    }
}
