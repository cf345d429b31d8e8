package dev.ordinal.it.apiextensions;

/** The CustomResourceDefinitions the apiextensions tests serve, written as users write them. */
final class CronTabs {

    /**
     * crontabs.stable.example.com: namespaced, short name {@code ct}, category {@code all}, status
     * and scale subresources, printer columns, and a schema using most keywords, with a CEL rule
     * and a transition rule.
     */
    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.stable.example.com
            spec:
              group: stable.example.com
              scope: Namespaced
              names:
                plural: crontabs
                singular: crontab
                kind: CronTab
                shortNames: [ct]
                categories: [all]
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    description: A CronTab runs an image on a schedule.
                    properties:
                      spec:
                        type: object
                        description: What the CronTab runs and when.
                        required: [cronSpec]
                        x-kubernetes-validations:
                        - rule: "self.replicas <= 5 || (has(self.color) && self.color == 'red')"
                          message: replicas above 5 require red
                        properties:
                          cronSpec:
                            type: string
                            description: The schedule, in cron format.
                            pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                          image:
                            type: string
                            minLength: 3
                            maxLength: 20
                          replicas:
                            type: integer
                            description: How many copies run at once.
                            minimum: 1
                            maximum: 10
                            default: 1
                            x-kubernetes-validations:
                            - rule: self >= oldSelf
                              message: replicas may not shrink
                          color:
                            type: string
                            enum: [red, green]
                          selector:
                            type: string
                          tags:
                            type: array
                            maxItems: 3
                            x-kubernetes-list-type: set
                            items:
                              type: string
                          when:
                            type: string
                            format: date-time
                          port:
                            x-kubernetes-int-or-string: true
                          extra:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                      status:
                        type: object
                        properties:
                          replicas:
                            type: integer
                          selector:
                            type: string
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                    labelSelectorPath: .status.selector
                additionalPrinterColumns:
                - name: Spec
                  type: string
                  jsonPath: .spec.cronSpec
                - name: Replicas
                  type: integer
                  jsonPath: .spec.replicas
                - name: Color
                  type: string
                  priority: 1
                  jsonPath: .spec.color
                - name: Age
                  type: date
                  jsonPath: .metadata.creationTimestamp
            """;

    static String cronTab(String name, String spec) {
        return """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata:
                  name: %s
                spec:
                %s
                """.formatted(name, spec.indent(2).stripTrailing());
    }

    private CronTabs() {
    }
}
