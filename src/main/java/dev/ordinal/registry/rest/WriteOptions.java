package dev.ordinal.registry.rest;

/**
 * The options of create, update and patch (meta/v1 CreateOptions / UpdateOptions / PatchOptions).
 *
 * @param dryRun          {@code dryRun=All}: validate and answer, store nothing
 * @param fieldManager    who writes, recorded for server-side apply
 * @param fieldValidation Strict, Warn or Ignore: what unknown fields cause
 */
public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation) {

    public static WriteOptions defaults() {
        return new WriteOptions(false, "", "");
    }
}
