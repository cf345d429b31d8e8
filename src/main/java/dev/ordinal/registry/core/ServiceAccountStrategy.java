package dev.ordinal.registry.core;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * ServiceAccounts (upstream {@code pkg/registry/core/serviceaccount}): a reference to a secret
 * keeps only the secret's name, on create and on update.
 */
final class ServiceAccountStrategy implements Strategy {

    @Override
    public void prepareForCreate(Unstructured serviceAccount) {
        cleanSecretReferences(serviceAccount);
    }

    @Override
    public void prepareForUpdate(Unstructured serviceAccount, Unstructured old) {
        cleanSecretReferences(serviceAccount);
    }

    private static void cleanSecretReferences(Unstructured serviceAccount) {
        for (ObjectNode secret : objects(serviceAccount.json(), "secrets")) {
            String name = text(secret, "name");
            secret.removeAll();
            if (!name.isEmpty()) {
                secret.put("name", name);
            }
        }
    }
}
