package dev.ordinal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encoding one page of a pod list, the server's part of {@code kubectl get pods} and of a client's
 * list: as the server does it, splicing each object's JSON as committed into the list; and, the
 * baseline, as it did before, copying each stored tree and encoding the whole list again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListEncodingBenchmark {

    /** A pod as the server stores it: defaulted, with managedFields, about 1.5 KB of JSON. */
    private static final String POD = """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"%s","labels":{"app":"bench","shard":"%d"},
            "namespace":"bench","uid":"dc1b73eb-1e02-454a-91cd-0ee07ac5%04d","creationTimestamp":"2026-11-26T21:22:26Z",
            "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2026-11-26T21:22:26Z",
            "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{},"f:shard":{}}},
            "f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},
            "f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},
            "f:enableServiceLinks":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},
            "f:terminationGracePeriodSeconds":{}}}}],"resourceVersion":"%d"},
            "spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10","imagePullPolicy":"IfNotPresent",
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{}}],
            "dnsPolicy":"ClusterFirst","restartPolicy":"Always","securityContext":{},"terminationGracePeriodSeconds":30,
            "enableServiceLinks":true,"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists",
            "effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists",
            "effect":"NoExecute","tolerationSeconds":300}],"serviceAccountName":"default","serviceAccount":"default",
            "priority":0,"schedulerName":"default-scheduler","preemptionPolicy":"PreemptLowerPriority"},
            "status":{"phase":"Pending","qosClass":"BestEffort"}}""";

    /** kubectl's page size, and a whole list of that many pods without paging. */
    @Param({"500", "10000"})
    public int pods;

    private final JsonMapper mapper = JsonMapper.shared();
    private final ObjectCodec codec = new ObjectCodec(mapper);
    private final List<ObjectNode> trees = new ArrayList<>();
    private final List<byte[]> committed = new ArrayList<>();

    @Setup
    public void store() {
        for (int i = 0; i < pods; i++) {
            ObjectNode pod = (ObjectNode) mapper.readTree(POD.formatted("pod-%05d".formatted(i), i % 10, i, 100 + i));
            trees.add(pod);
            committed.add(mapper.writeValueAsBytes(pod));
        }
    }

    @Benchmark
    public byte[] storedJsonSpliced() {
        return codec.encodeList(envelope(), committed);
    }

    @Benchmark
    public byte[] treesCopiedAndEncoded() {
        ObjectNode list = envelope();
        ArrayNode items = list.putArray("items");
        trees.forEach(pod -> items.add(pod.deepCopy()));
        return codec.encode(list, Representation.JSON);
    }

    private static ObjectNode envelope() {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", "PodList");
        list.put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "20000");
        return list;
    }
}
