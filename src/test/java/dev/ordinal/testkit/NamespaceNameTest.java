package dev.ordinal.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A test's namespace is named after its method, readable and a valid DNS label whatever the method's name. */
class NamespaceNameTest {

    @Test
    void camelCaseBecomesWordsWithARandomSuffix() {
        assertThat(OrdinalServer.namespaceName("web0BecomesReadyOnANewNode"))
                .matches("web0-becomes-ready-on-a-new-node-[b-z2-9]{5}");
        assertThat(OrdinalServer.namespaceName("web")).isNotEqualTo(OrdinalServer.namespaceName("web"));
    }

    @Test
    void longAndOddNamesStayWithinALabel() {
        String name = OrdinalServer.namespaceName("a_very_long_parameterized_test_name_[1]_with_more_words_than_fit");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                .startsWith("a-very-long-parameterized-test-name-1-with-more");
        assertThat(OrdinalServer.namespaceName("__")).matches("test-[a-z0-9]{5}");
    }
}
