package dev.ordinal.registry.rest;

import java.io.IOException;
import java.io.OutputStream;

/** A container's log as a request asked for it: written out whole, or followed as it grows. */
public interface LogStream {

    /** Writes the log to {@code out}, flushing as it goes; a followed log returns when its container stops. */
    void writeTo(OutputStream out) throws IOException, InterruptedException;
}
