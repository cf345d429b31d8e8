package dev.ordinal.controller.volume;

/** An event the volume controllers record about a claim or a volume, with upstream's reason and message. */
record VolumeEvent(String type, String reason, String message) {

    static VolumeEvent normal(String reason, String message) {
        return new VolumeEvent("Normal", reason, message);
    }

    static VolumeEvent warning(String reason, String message) {
        return new VolumeEvent("Warning", reason, message);
    }
}
