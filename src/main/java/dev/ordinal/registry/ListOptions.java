package dev.ordinal.registry;

/**
 * The query of a list or watch (meta/v1 ListOptions): selectors as the client wrote them,
 * paging, and the resourceVersion to read at or watch from ("" when absent).
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion) {

    public static ListOptions everything() {
        return new ListOptions("", "", 0, "", "");
    }
}
