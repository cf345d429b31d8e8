package dev.ordinal.controller.statefulset;

import dev.ordinal.machinery.Unstructured;

/** Records Events about a StatefulSet, from the {@code statefulset-controller} component. */
interface StatefulSetEvents {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    void record(Unstructured set, String type, String reason, String message);
}
