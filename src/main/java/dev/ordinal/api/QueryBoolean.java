package dev.ordinal.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one reading of every boolean query parameter the server takes, as kube-apiserver's
 * parameter codec reads them: the generated {@code url.Values} conversions call apimachinery's
 * {@code Convert_Slice_string_To_bool} ({@code bool} options) or
 * {@code Convert_Slice_string_To_Pointer_bool} ({@code *bool} options) only for a parameter that
 * is present, and those look at its first value alone: "0" and "false" in any case are false,
 * anything else (an empty value as in {@code ?watch}, "1", "True", "t", "yes", even "no") is
 * true. A query boolean is never rejected: this is not Go's {@code strconv.ParseBool}.
 */
final class QueryBoolean {

    private QueryBoolean() {
    }

    /** A {@code bool} option ({@code watch}, {@code allowWatchBookmarks}): an absent one is false. */
    static boolean isSet(HttpServletRequest request, String name) {
        return Boolean.TRUE.equals(of(request, name));
    }

    /**
     * A {@code *bool} option ({@code force}, {@code orphanDependents}, {@code sendInitialEvents}):
     * null when absent, which upstream tells apart from false.
     */
    static Boolean of(HttpServletRequest request, String name) {
        return of(request.getParameterValues(name));
    }

    /** The values of one parameter, null when it is absent. */
    static Boolean of(String[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        // String.equalsIgnoreCase folds case as Go's strings.EqualFold does for "false".
        return !(values[0].equals("0") || values[0].equalsIgnoreCase("false"));
    }
}
