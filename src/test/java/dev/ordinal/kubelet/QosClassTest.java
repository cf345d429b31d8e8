package dev.ordinal.kubelet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class QosClassTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|BestEffort",
            "{\"requests\": {\"cpu\": \"100m\"}}|Burstable",
            "{\"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}|Guaranteed",
            "{\"requests\": {\"cpu\": \"1000m\", \"memory\": \"1024Mi\"}, \"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}|Guaranteed",
            "{\"requests\": {\"cpu\": \"500m\"}, \"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}|Burstable",
            "{\"limits\": {\"cpu\": \"1\"}}|Burstable",
            "{\"requests\": {\"ephemeral-storage\": \"1Gi\"}}|BestEffort"})
    void fromTheContainersResources(String resources, String qosClass) {
        String spec = "{\"containers\": [{\"name\": \"app\", \"resources\": " + resources + "}]}";

        assertThat(QosClass.of(JsonMapper.shared().readTree(spec))).isEqualTo(qosClass);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|Burstable",
            "{\"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}|Guaranteed"})
    void everyContainerCountsInitContainersToo(String initResources, String qosClass) {
        String spec = "{\"initContainers\": [{\"name\": \"init\", \"resources\": " + initResources + "}],"
                + " \"containers\": [{\"name\": \"app\", \"resources\": {\"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}}]}";

        assertThat(QosClass.of(JsonMapper.shared().readTree(spec))).isEqualTo(qosClass);
    }
}
