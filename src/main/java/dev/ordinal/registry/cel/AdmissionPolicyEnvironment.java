package dev.ordinal.registry.cel;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;

/**
 * The environments of admission expressions (upstream's {@code admission/plugin/cel} composition
 * environment). A ValidatingAdmissionPolicy's expressions see {@code object}, {@code oldObject},
 * {@code params} and {@code namespaceObject} untyped, {@code request} with the fields of an
 * AdmissionReview request, {@code variables} a map of the policy's named variables. Being untyped,
 * a misspelt field of {@code object} is a runtime error, as upstream.
 */
public final class AdmissionPolicyEnvironment {

    private static final CelEnvironment ENVIRONMENT = CelEnvironment.builder()
            .variable("object", SimpleType.DYN)
            .variable("oldObject", SimpleType.DYN)
            .variable("params", SimpleType.DYN)
            .variable("namespaceObject", SimpleType.DYN)
            .variable("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .variable("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();

    /**
     * An admission webhook's matchConditions have only the request's variables: upstream compiles
     * them without params ({@code allowParamsInMatchConditions} is false for webhooks), namespace
     * object or policy variables, so using those does not compile.
     */
    private static final CelEnvironment WEBHOOK_MATCH_CONDITIONS = CelEnvironment.builder()
            .variable("object", SimpleType.DYN)
            .variable("oldObject", SimpleType.DYN)
            .variable("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();

    private AdmissionPolicyEnvironment() {
    }

    public static CelEnvironment environment() {
        return ENVIRONMENT;
    }

    public static CelEnvironment webhookMatchConditions() {
        return WEBHOOK_MATCH_CONDITIONS;
    }
}
