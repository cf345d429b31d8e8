/**
 * The value types every layer shares, as upstream's apimachinery: objects as JSON
 * ({@link dev.ordinal.machinery.Unstructured}), resource names, and the errors clients see.
 */
package dev.ordinal.machinery;
