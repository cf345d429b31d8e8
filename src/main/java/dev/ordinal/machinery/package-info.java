/**
 * The vocabulary every layer shares, as upstream's apimachinery: objects as JSON
 * ({@link dev.ordinal.machinery.Unstructured}), resource names, watch events, timestamps and the
 * errors clients see; label and field selectors ({@code labels}, {@code fields}), text as Go
 * writes it ({@code go}) and what several layers read of a pod ({@code pod}). It depends on no
 * other package of Ordinal.
 */
package dev.ordinal.machinery;
