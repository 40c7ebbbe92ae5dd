package io.contourcore.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "8.8.8.8", "0.0.0.0", "255.255.255.255",
        "::", "::1", "fe80::1", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "1::", "1:2:3:4:5:6:7::",
        "::ffff:10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "ABCD:ef01::", "0:0:0:0:0:0:0:0",
    })
    void textGoParsesAsAnIpIsAnIp(String s) {
        assertThat(GoSyntax.isIp(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "contour", "someaddr", "/admin/admin.sock", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
        "1.2.3.04", "1..2.3", "1.2.3.4.", ".1.2.3", "1.2.3.4:80", "[::1]", "fe80::1%eth0", ":::", "1::2::3", ":1",
        "1:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6::1.2.3.4",
        "1:2:3:4:5:1.2.3.4", "::1.2.3.04", "1.2.3.4::", "g::1", "١٢٧.0.0.1",
    })
    void textGoRefusesAsAnIpIsNotAnIp(String s) {
        assertThat(GoSyntax.isIp(s)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "resources|resources/sds/f.json",
        "resources/|resources/sds/f.json",
        "./resources|resources/sds/f.json",
        "/config/resources/|/config/resources/sds/f.json",
        "/config//resources/.|/config/resources/sds/f.json",
        "a/../b|b/sds/f.json",
        "../up|../up/sds/f.json",
        "/..|/sds/f.json",
        ".|sds/f.json",
    })
    void pathsAreJoinedAndCleanedAsGoPathJoinDoes(String dir, String joined) {
        assertThat(GoSyntax.joinPath(dir, "sds", "f.json")).isEqualTo(joined);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|.", "a/..|.", "../..|../..", "/|/", "//a//b/|/a/b", "a/./b/../c|a/c"})
    void cleaningFollowsGoPathClean(String in, String out) {
        assertThat(GoSyntax.cleanPath(in)).isEqualTo(out);
    }
}
