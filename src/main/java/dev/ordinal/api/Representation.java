package dev.ordinal.api;

import java.util.Locale;

import dev.ordinal.machinery.StatusError;

/**
 * The form a response takes, negotiated from the Accept header as upstream's
 * {@code negotiation.NegotiateOutputMediaType} does: the first acceptable entry wins, protobuf is
 * skipped (JSON is served instead when listed), and a Table or partial metadata is given only where
 * the request can have one.
 */
enum Representation {
    JSON("application/json"),
    YAML("application/yaml"),
    TABLE("application/json;as=Table;v=v1;g=meta.k8s.io"),
    PARTIAL_METADATA("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");

    private final String contentType;

    Representation(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** Chooses from an Accept header; {@code objects} says whether Table and metadata views apply. */
    static Representation negotiate(String accept, boolean objects) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        for (String entry : accept.split(",")) {
            String[] parts = entry.trim().split(";", -1);
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String as = "";
            String group = "";
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().equals("as")) {
                    as = kv[1].trim();
                } else if (kv.length == 2 && kv[0].trim().equals("g")) {
                    group = kv[1].trim();
                }
            }
            if (!as.isEmpty()) {
                if (!objects || !group.equals("meta.k8s.io") || !type.equals("application/json")) {
                    continue;
                }
                if (as.equals("Table")) {
                    return TABLE;
                }
                if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
                    return PARTIAL_METADATA;
                }
                continue;
            }
            switch (type) {
                case "application/json", "application/*", "*/*", "application/json-patch+json" -> {
                    return JSON;
                }
                case "application/yaml" -> {
                    return YAML;
                }
                default -> {
                }
            }
        }
        throw StatusError.notAcceptable();
    }
}
