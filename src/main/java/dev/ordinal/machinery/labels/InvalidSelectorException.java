package dev.ordinal.machinery.labels;

/**
 * A {@code labelSelector} or {@code fieldSelector} that upstream apimachinery would refuse.
 *
 * <p>The message is the text of the error upstream returns ({@code labels.Parse},
 * {@code fields.ParseSelector}, {@code metav1.LabelSelectorAsSelector}, or the field label
 * conversion), so the HTTP layer can answer 400 BadRequest with it unchanged.
 */
public final class InvalidSelectorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSelectorException(String message) {
        super(message);
    }
}
