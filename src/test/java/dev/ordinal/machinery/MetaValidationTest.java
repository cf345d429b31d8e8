package dev.ordinal.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;

class MetaValidationTest {

    private static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
            + "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    @Test
    void qualifiedNames() {
        assertThat(Formats.qualifiedName("app.kubernetes.io/name")).isEmpty();
        assertThat(Formats.qualifiedName("-app")).containsExactly(NAME_PART);
        assertThat(Formats.qualifiedName("")).containsExactly("name part must be non-empty", NAME_PART);
        assertThat(Formats.qualifiedName("a".repeat(64)))
                .containsExactly("name part must be no more than 63 characters");
        assertThat(Formats.qualifiedName("/app")).containsExactly("prefix part must be non-empty");
        assertThat(Formats.qualifiedName("Example.com/app")).containsExactly("prefix part a lowercase "
                + "RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
                + "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(Formats.qualifiedName("a/b/c")).containsExactly("a qualified name must consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' "
                + "(e.g. 'example.com/MyName')");
    }

    @Test
    void labelValues() {
        assertThat(Formats.labelValue("")).isEmpty();
        assertThat(Formats.labelValue("web_1.x")).isEmpty();
        assertThat(Formats.labelValue("web-")).containsExactly(LABEL_VALUE);
        assertThat(Formats.labelValue("a".repeat(64)))
                .containsExactly("must be no more than 63 characters");
    }

    @Test
    void labelsAreReportedAtTheMapsPath() {
        List<FieldError> errors = MetaValidation.validateLabels(Map.of("-app", "web", "tier", "front end"),
                "metadata.labels");

        assertThat(errors).extracting(FieldError::toString).containsExactly(
                "metadata.labels: Invalid value: \"-app\": " + NAME_PART,
                "metadata.labels: Invalid value: \"front end\": " + LABEL_VALUE);
    }

    /** Annotation keys are qualified names once lowercased; values may be anything. */
    @Test
    void annotations() {
        assertThat(MetaValidation.validateAnnotations(Map.of("Example.com/Owner", "Ops Team!"), "a")).isEmpty();
        assertThat(MetaValidation.validateAnnotations(Map.of("a b", "x"), "metadata.annotations"))
                .extracting(FieldError::toString)
                .containsExactly("metadata.annotations: Invalid value: \"a b\": " + NAME_PART);
        assertThat(MetaValidation.validateAnnotations(Map.of("big", "x".repeat(256 * 1024)), "metadata.annotations"))
                .extracting(FieldError::toString)
                .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    @Test
    void labelSelectors() {
        LabelSelector selector = new LabelSelectorBuilder()
                .addToMatchLabels("app", "web!")
                .addNewMatchExpression().withKey("tier").withOperator("In").endMatchExpression()
                .addNewMatchExpression().withKey("env").withOperator("Exists").withValues("x").endMatchExpression()
                .addNewMatchExpression().withKey("-zone").withOperator("Gt").withValues("a", "b c").endMatchExpression()
                .build();

        assertThat(MetaValidation.validateLabelSelector(selector, "spec.selector")).extracting(FieldError::toString)
                .containsExactly(
                        "spec.selector.matchLabels: Invalid value: \"web!\": " + LABEL_VALUE,
                        "spec.selector.matchExpressions[0].values: Required value: "
                                + "must be specified when `operator` is 'In' or 'NotIn'",
                        "spec.selector.matchExpressions[1].values: Forbidden: "
                                + "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                        "spec.selector.matchExpressions[2].operator: Invalid value: \"Gt\": "
                                + "not a valid selector operator",
                        "spec.selector.matchExpressions[2].key: Invalid value: \"-zone\": " + NAME_PART,
                        "spec.selector.matchExpressions[2].values[1]: Invalid value: \"b c\": " + LABEL_VALUE);
    }

    @Test
    void nonnegative() {
        assertThat(MetaValidation.validateNonnegative(0, "spec.replicas")).isEmpty();
        assertThat(MetaValidation.validateNonnegative(-1, "spec.replicas")).extracting(FieldError::toString)
                .containsExactly("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }
}
