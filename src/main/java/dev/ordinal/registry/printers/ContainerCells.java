package dev.ordinal.registry.printers;

import java.util.StringJoiner;

import tools.jackson.databind.JsonNode;

/** The CONTAINERS and IMAGES cells of a pod template: its containers' names and images, in order. */
record ContainerCells(String names, String images) {

    static ContainerCells of(JsonNode podTemplate) {
        StringJoiner names = new StringJoiner(",");
        StringJoiner images = new StringJoiner(",");
        for (JsonNode container : Fields.items(podTemplate.path("spec").path("containers"))) {
            names.add(Fields.text(container, "name"));
            images.add(Fields.text(container, "image"));
        }
        return new ContainerCells(names.toString(), images.toString());
    }
}
