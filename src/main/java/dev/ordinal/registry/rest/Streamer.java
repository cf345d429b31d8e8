package dev.ordinal.registry.rest;

import java.util.Optional;

/**
 * A subresource read as a stream of bytes rather than an object (pods/log), upstream's
 * {@code rest.GetterWithOptions} answering a {@code rest.ResourceStreamer}: {@link #stream}
 * checks the request and gives the stream, or nothing when there is nothing to stream (upstream
 * answers 204 No Content then).
 */
public interface Streamer extends SubresourceStorage {

    Optional<LogStream> stream(ResourceDefinition parent, String namespace, String name, PodLogOptions options);
}
