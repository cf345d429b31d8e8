package dev.ordinal.registry.admission;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's admission audit annotations ({@code Attributes.AddAnnotation}), which kube-apiserver
 * writes into the request's audit event. Ordinal keeps no audit log, so each annotation is logged
 * instead, one line under the logger {@code dev.ordinal.audit} naming the request it belongs to.
 */
public final class AuditAnnotations {

    private static final Logger log = LoggerFactory.getLogger("dev.ordinal.audit");

    private AuditAnnotations() {
    }

    public static void record(AdmissionAttributes attributes, String key, String value) {
        log.info("{} {} \"{}\"{}: {}={}", attributes.operation(), attributes.resource(), attributes.name(),
                attributes.namespace() == null || attributes.namespace().isEmpty() ? ""
                        : " in namespace " + attributes.namespace(), key, value);
    }
}
