package dev.ordinal.registry;

/**
 * The query of a list or watch (meta/v1 ListOptions): selectors as the client wrote them,
 * paging, the resourceVersion to read at or watch from and how it is matched
 * ({@code resourceVersionMatch}: {@code NotOlderThan}, {@code Exact}); "" when absent.
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch) {

    public ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                       String resourceVersion) {
        this(labelSelector, fieldSelector, limit, continueToken, resourceVersion, "");
    }

    public static ListOptions everything() {
        return new ListOptions("", "", 0, "", "");
    }
}
