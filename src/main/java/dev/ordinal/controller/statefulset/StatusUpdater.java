package dev.ordinal.controller.statefulset;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/** Writes a StatefulSet's status through its status subresource (upstream StatefulSetStatusUpdaterInterface). */
interface StatusUpdater {

    /** Replaces the whole status of {@code set}, retrying on conflicts with the latest set. */
    void updateStatus(Unstructured set, ObjectNode status);
}
