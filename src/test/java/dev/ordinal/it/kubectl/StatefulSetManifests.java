package dev.ordinal.it.kubectl;

/** StatefulSet manifests as kubectl users write them, shared by the kubectl tests. */
final class StatefulSetManifests {

    /** The headless Service of upstream's StatefulSet basics tutorial. */
    static final String NGINX_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: nginx
              labels: {app: nginx}
            spec:
              clusterIP: None
              selector: {app: nginx}
              ports:
              - name: web
                port: 80
            """;

    /** The StatefulSet "web" of upstream's StatefulSet basics tutorial: two nginx pods, a claim each. */
    static final String WEB = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: web
            spec:
              serviceName: nginx
              replicas: 2
              selector:
                matchLabels: {app: nginx}
              template:
                metadata:
                  labels: {app: nginx}
                spec:
                  containers:
                  - name: nginx
                    image: registry.k8s.io/nginx-slim:0.24
                    ports:
                    - name: web
                      containerPort: 80
                    volumeMounts:
                    - name: www
                      mountPath: /usr/share/nginx/html
              volumeClaimTemplates:
              - metadata:
                  name: www
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
            """;

    private static final String NGINX = "registry.k8s.io/nginx-slim:0.24";

    private StatefulSetManifests() {
    }

    /** A set named, labelled and served as {@code name}, of one container "main" running {@code image}. */
    static String statefulSet(String name, int replicas, String image) {
        return manifest(name, replicas, image, "", "");
    }

    /** The same, running nginx, with the container's {@code ports} (a YAML flow list). */
    static String withPorts(String name, int replicas, String ports) {
        return manifest(name, replicas, NGINX, "\n        ports: " + ports, "");
    }

    /** The same, running nginx, with a claim template "data". */
    static String withClaims(String name, int replicas) {
        return manifest(name, replicas, NGINX, "", """
                volumeClaimTemplates:
                - metadata: {name: data}
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources: {requests: {storage: 1Gi}}
                """.indent(2));
    }

    private static String manifest(String name, int replicas, String image, String container, String spec) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: %1$s
                spec:
                  serviceName: %1$s
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                      - name: main
                        image: %3$s""".formatted(name, replicas, image)
                + container + "\n" + spec;
    }
}
