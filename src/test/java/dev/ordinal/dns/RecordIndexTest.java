package dev.ordinal.dns;

import static dev.ordinal.dns.ClusterDnsResolverTest.endpoint;
import static dev.ordinal.dns.ClusterDnsResolverTest.object;
import static dev.ordinal.dns.ClusterDnsResolverTest.slice;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The record index as informer events change it. */
class RecordIndexTest {

    private static final String WEB = "[{\"name\": \"web\", \"port\": 80, \"protocol\": \"TCP\"}]";

    private final RecordIndex index = new RecordIndex(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void onlyReadyEndpointsAreLoadedAndTheirPodsReportedOnceWhenTheyTurnReady() {
        assertThat(index.putSlice(slice("nginx", "nginx-a", WEB, endpoint("10.244.0.10", "web-0", true, "uid-0"),
                endpoint("10.244.0.11", "web-1", false, "uid-1")))).containsExactly("uid-0");

        assertThat(index.slicesWithIp("10.244.0.11")).isEmpty();
        assertThat(index.putSlice(slice("nginx", "nginx-a", WEB, endpoint("10.244.0.10", "web-0", true, "uid-0"),
                endpoint("10.244.0.11", "web-1", true, "uid-1")))).containsExactly("uid-1");
        assertThat(index.slicesWithIp("10.244.0.11")).singleElement()
                .satisfies(slice -> assertThat(slice.service()).isEqualTo("nginx"));
    }

    @Test
    void anEndpointMovingBetweenSlicesOfItsServiceIsNotNewlyServed() {
        index.putSlice(slice("nginx", "nginx-a", WEB, endpoint("10.244.0.10", "web-0", true, "uid-0")));
        index.putSlice(slice("nginx", "nginx-b", WEB));

        assertThat(index.putSlice(slice("nginx", "nginx-b", WEB, endpoint("10.244.0.10", "web-0", true, "uid-0"))))
                .isEmpty();
    }

    @Test
    void removedObjectsLeaveEveryLookup() {
        index.putService(object("""
                {"metadata": {"name": "api", "namespace": "default"},
                 "spec": {"clusterIP": "10.96.0.20", "clusterIPs": ["10.96.0.20"]}}"""));
        index.putSlice(slice("api", "api-a", WEB, endpoint("10.244.0.10", null, true, "uid-0")));
        index.putPod(object("""
                {"metadata": {"name": "web-0", "namespace": "default"}, "status": {"podIP": "10.244.0.10"}}"""));

        index.removeService(object("{\"metadata\": {\"name\": \"api\", \"namespace\": \"default\"}}"));
        index.removeSlice(object("{\"metadata\": {\"name\": \"api-a\", \"namespace\": \"default\"}}"));
        index.removePod(object("{\"metadata\": {\"name\": \"web-0\", \"namespace\": \"default\"}}"));

        assertThat(index.service("default", "api")).isEmpty();
        assertThat(index.servicesWithClusterIp("10.96.0.20")).isEmpty();
        assertThat(index.slicesWithIp("10.244.0.10")).isEmpty();
        assertThat(index.podHasIp("default", "10.244.0.10")).isFalse();
    }

    @Test
    void aTerminatingPodHasNoPodRecord() {
        index.putPod(object("""
                {"metadata": {"name": "web-0", "namespace": "default"}, "status": {"podIP": "10.244.0.10"}}"""));
        index.putPod(object("""
                {"metadata": {"name": "web-0", "namespace": "default", "deletionTimestamp": "2025-01-01T00:00:00Z"},
                 "status": {"podIP": "10.244.0.10"}}"""));

        assertThat(index.podHasIp("default", "10.244.0.10")).isFalse();
    }
}
