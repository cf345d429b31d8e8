package dev.ordinal.controller.volume;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.VolumeNodeAffinity;

/**
 * Whether a node may use a volume, by the volume's required node affinity and the node's labels:
 * upstream's CheckNodeAffinity and MatchNodeSelectorTerms. Terms are alternatives; a term holds
 * when all its expressions do, and a term without any matches nothing. As upstream, only labels
 * are compared, so matchFields terms never hold here.
 */
final class NodeAffinity {

    private NodeAffinity() {
    }

    static boolean allows(PersistentVolume volume, Map<String, String> nodeLabels) {
        VolumeNodeAffinity affinity = VolumeFields.spec(volume).getNodeAffinity();
        if (affinity == null || affinity.getRequired() == null) {
            return true;
        }
        return affinity.getRequired().getNodeSelectorTerms().stream().anyMatch(term -> holds(term, nodeLabels));
    }

    private static boolean holds(NodeSelectorTerm term, Map<String, String> labels) {
        if (term.getMatchExpressions().isEmpty() || !term.getMatchFields().isEmpty()) {
            return false;
        }
        return term.getMatchExpressions().stream().allMatch(requirement -> holds(requirement, labels));
    }

    private static boolean holds(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compare(value, values) > 0;
            case "Lt" -> compare(value, values) < 0;
            default -> false;
        };
    }

    /** Compares a label and the single value of a Gt or Lt requirement as integers; 0 when either is not one. */
    private static int compare(String label, List<String> values) {
        if (label == null || values.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(label), Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
