package dev.ordinal.controller.apiextensions;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The naming controller's decision: names held by another CRD of the group are not accepted. */
class NamingDecisionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode crd(String plural, String kind, String shortName, String acceptedPlural) {
        return JSON.readTree("""
                {"spec": {"group": "stable.example.com", "names": {"plural": "%s", "singular": "%s", "kind": "%s",
                          "listKind": "%sList", "shortNames": ["%s"]}},
                 "status": {"acceptedNames": {"plural": "%s", "singular": "%s", "kind": "%s", "listKind": "%sList",
                            "shortNames": ["%s"]}}}""".formatted(plural, plural.substring(0, plural.length() - 1),
                kind, kind, shortName, acceptedPlural, plural.substring(0, plural.length() - 1), kind, kind,
                shortName));
    }

    @Test
    void namesWithoutConflictsAreAcceptedAndEstablish() {
        JsonNode fresh = JSON.readTree("""
                {"spec": {"names": {"plural": "crontabs", "singular": "crontab", "kind": "CronTab",
                                    "listKind": "CronTabList", "shortNames": ["ct"], "categories": ["all"]}}}""");
        NamingDecision decision = NamingDecision.of(fresh, List.of());
        assertThat(decision.acceptedNames().toString()).contains("\"plural\":\"crontabs\"")
                .contains("\"shortNames\":[\"ct\"]").contains("\"categories\":[\"all\"]");
        assertThat(decision.namesAccepted()).isEqualTo(new NamingDecision.Condition("True", "NoConflicts",
                "no conflicts found"));
        assertThat(decision.established()).isEqualTo(new NamingDecision.Condition("True", "InitialNamesAccepted",
                "the initial names have been accepted"));
    }

    @Test
    void aShortNameInUseKeepsTheCrdFromBeingEstablished() {
        JsonNode holder = crd("crontabs", "CronTab", "ct", "crontabs");
        JsonNode second = JSON.readTree("""
                {"spec": {"names": {"plural": "crontabs2", "singular": "crontab2", "kind": "CronTab2",
                                    "listKind": "CronTab2List", "shortNames": ["ct"]}}}""");
        NamingDecision decision = NamingDecision.of(second, List.of(holder));
        assertThat(decision.namesAccepted()).isEqualTo(new NamingDecision.Condition("False", "ShortNamesConflict",
                "\"ct\" is already in use"));
        assertThat(decision.established()).isEqualTo(new NamingDecision.Condition("False", "NotAccepted",
                "not all names are accepted"));
        assertThat(decision.acceptedNames().path("plural").asString()).isEqualTo("crontabs2");
        assertThat(decision.acceptedNames().has("shortNames")).isFalse();
    }
}
