package dev.ordinal.machinery.go;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where Go's base64 decoder gives up, as encoding/json reports it for a []byte field. */
class GoBase64Test {

    @Test
    void validBase64WithLineBreaksDecodes() {
        assertThat(GoBase64.illegalAt("aGVsbG8=")).isEmpty();
        assertThat(GoBase64.illegalAt("aGVs\nbG8h")).isEmpty();
        assertThat(GoBase64.illegalAt("")).isEmpty();
    }

    @Test
    void theFirstIllegalCharacterOrUnfinishedGroupIsReported() {
        assertThat(GoBase64.illegalAt("not base64")).hasValue(3);
        assertThat(GoBase64.illegalAt("aGVsbG8")).hasValue(4);
        assertThat(GoBase64.illegalAt("a===")).hasValue(1);
        assertThat(GoBase64.illegalAt("aGVsbG8=aGVs")).hasValue(8);
    }
}
