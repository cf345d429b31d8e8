package dev.ordinal.registry.admission;

/** An admission plugin that may change the object, before the kind's strategy prepares and validates it. */
public interface MutatingPlugin extends AdmissionPlugin {

    void admit(AdmissionAttributes attributes);
}
