package io.contourcore.xds.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.re2j.Pattern;
import io.envoyproxy.pgv.validate.Validate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

    static List<String> samples() {
        List<String> s = new ArrayList<>(List.of("", ":authority", "x-envoy-upstream", "Content-Type", "a,b", "a b", "x\ty", "é",
                "x\u0000", "x\r", "x\n", "x\u007f", "x\u0008", "::", ":", "`~|^_", "a/b", "kuard.example.com", "h\u00e9llo\u4e16"));
        for (int c = 0; c < 0x90; c++) {
            s.add("a" + (char) c + "b");
        }
        return s;
    }

    @Test
    void headerRulesScanBytesExactlyAsPgvsPatternsMatch() {
        for (var k : List.of(Validate.KnownRegex.HTTP_HEADER_NAME, Validate.KnownRegex.HTTP_HEADER_VALUE)) {
            for (boolean strict : new boolean[] {true, false}) {
                Rules.Strings rule = new Rules.Strings(Validate.StringRules.newBuilder().setWellKnownRegex(k).setStrict(strict).build());
                Pattern pgv = Pattern.compile(strict ? (k == Validate.KnownRegex.HTTP_HEADER_NAME ? Rules.HTTP_HEADER_NAME : Rules.HTTP_HEADER_VALUE)
                        : Rules.HEADER_STRING, Pattern.DOTALL);
                for (String v : samples()) {
                    List<String> found = new ArrayList<>();
                    byte[] b = v.getBytes(StandardCharsets.UTF_8);
                    rule.bytes((r, m) -> found.add(r), b, 0, b.length);
                    assertThat(found.isEmpty()).as(k + " strict=" + strict + " on " + Rules.quote(v)).isEqualTo(pgv.matches(v));
                }
            }
        }
    }

    @Test
    void stringLengthsCountCharactersAndBytesApart() {
        Rules.Strings rule = new Rules.Strings(Validate.StringRules.newBuilder().setMaxLen(3).setMaxBytes(4).build());
        List<String> found = new ArrayList<>();
        byte[] b = "ééé".getBytes(StandardCharsets.UTF_8);
        rule.bytes((r, m) -> found.add(r), b, 0, b.length);
        assertThat(found).containsExactly("string.max_bytes");
    }

    @Test
    void theProgramSizeIsALowerBoundOfRe2s() {
        assertThat(Re2Check.lowerBound(Pattern.compile("/asdf/.*"))).isPositive().isLessThanOrEqualTo(24); // Envoy reports 24
        assertThat(Re2Check.lowerBound(Pattern.compile("^" + "a".repeat(96) + "$"))).isEqualTo(98);
        assertThat(Re2Check.lowerBound(Pattern.compile("(a)(b)"))).isEqualTo(2 + 4 + 2);
    }

    @Test
    void manyAlternativesAreNotRefusedForRe2jsAlternationInstructions() {
        StringBuilder alternatives = new StringBuilder();
        for (char c = 'a'; c <= 'z'; c++) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(c).append(Character.toUpperCase(c)).append('1');
        }
        String regex = "^/(" + alternatives + ")$";
        assertThat(Pattern.compile(regex).programSize()).isGreaterThan(Re2Check.MAX_PROGRAM_SIZE);
        assertThat(Re2Check.check(regex)).isNull();
        assertThat(Re2Check.check("/" + "[a-z]".repeat(120))).isNotNull()
                .extracting(Re2Check.Problem::rule).isEqualTo("envoy.regex.program_size");
    }
}
