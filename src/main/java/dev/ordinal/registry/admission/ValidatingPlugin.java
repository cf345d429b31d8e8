package dev.ordinal.registry.admission;

/**
 * An admission plugin that may only refuse (by throwing a StatusError), after the kind's strategy
 * validated the object and right before it is stored, as upstream's store runs validating
 * admission inside its create and update.
 */
public interface ValidatingPlugin extends AdmissionPlugin {

    void validate(AdmissionAttributes attributes);
}
