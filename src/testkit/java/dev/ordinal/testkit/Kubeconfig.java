package dev.ordinal.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.nio.file.Path} field or parameter that receives the kubeconfig the server
 * wrote, for kubectl or any other client ({@code kubectl --kubeconfig <path>}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kubeconfig {
}
