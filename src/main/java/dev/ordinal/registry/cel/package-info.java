/**
 * The Common Expression Language as Kubernetes speaks it (upstream {@code k8s.io/apiserver/pkg/cel}):
 * one environment with the standard macros, the string, optional and set extensions, and the
 * Kubernetes libraries (lists, regex, URLs, quantity, IP and CIDR, format), compile errors and
 * runtime errors worded as cel-go words them, and upstream's cost limits. The rules of a
 * CustomResourceDefinition's schema ({@code x-kubernetes-validations}) are compiled and evaluated by
 * {@link dev.ordinal.registry.cel.CustomResourceRules}.
 */
package dev.ordinal.registry.cel;
