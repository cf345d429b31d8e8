package dev.ordinal.controller;

import tools.jackson.databind.JsonNode;

/** The rolling-update bounds of workloads, numbers or percentages (upstream intstr). */
public final class IntOrPercent {

    private IntOrPercent() {
    }

    /**
     * Upstream {@code GetScaledValueFromIntOrPercent}: a number as it is, a percentage of
     * {@code total} rounded up or down; absent counts as 0. Validation has refused anything else.
     */
    public static int scaledValue(JsonNode value, int total, boolean roundUp) {
        if (value.isString()) {
            String text = value.stringValue();
            if (!text.endsWith("%")) {
                return 0;
            }
            long percent = Long.parseLong(text.substring(0, text.length() - 1));
            long scaled = percent * total;
            return (int) (roundUp ? Math.floorDiv(scaled + 99, 100) : Math.floorDiv(scaled, 100));
        }
        return value.asInt(0);
    }
}
