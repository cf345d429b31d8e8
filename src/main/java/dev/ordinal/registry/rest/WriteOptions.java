package dev.ordinal.registry.rest;

import dev.ordinal.security.UserInfo;

/**
 * The options of create, update and patch (meta/v1 CreateOptions / UpdateOptions / PatchOptions).
 *
 * @param dryRun          {@code dryRun=All}: validate and answer, store nothing
 * @param fieldManager    who writes, recorded for server-side apply
 * @param fieldValidation Strict, Warn or Ignore: what unknown fields cause
 * @param user            who writes, as admission sees it
 */
public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation, UserInfo user) {

    /** A write the server makes itself, as {@link UserInfo#APISERVER}. */
    public WriteOptions(boolean dryRun, String fieldManager, String fieldValidation) {
        this(dryRun, fieldManager, fieldValidation, UserInfo.APISERVER);
    }

    public static WriteOptions defaults() {
        return new WriteOptions(false, "", "");
    }
}
