package dev.ordinal.registry.printers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;

/** The SELECTOR cell of a workload: its {@code spec.selector} in label-selector syntax. */
final class WorkloadSelector {

    private WorkloadSelector() {
    }

    /** As upstream's {@code LabelSelectorAsSelector(...).String()}: empty for no selector. */
    static String of(JsonNode selector) {
        if (!selector.isObject()) {
            return "";
        }
        try {
            return LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                    io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
        } catch (InvalidSelectorException e) {
            return "<error>";
        }
    }
}
