package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamesTest {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    /** Short strings of the characters the patterns care about, and some that look like names and addresses. */
    private static List<String> samples() {
        List<String> out = new ArrayList<>(List.of("", "a", "-", "a-", "-a", "a-b", "a--b", "0", "0a", "a.b", ".a", "a.",
                "a..b", "A", "a_b", "web.example", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.1.1.1", "1.1.1",
                "1.1.1.1.", "1.1.1.1.1", "10.0.0.1", "199.200.249.250", "1111.1.1.1", "http", "h2c", "80", "x-80"));
        String chars = "ab-.0912_5Z9:/";
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(12);
            for (int k = 0; k < length; k++) {
                b.append(chars.charAt(random.nextInt(chars.length())));
            }
            out.add(b.toString());
        }
        for (int i = 0; i < 5_000; i++) {
            out.add(random.nextInt(300) + "." + random.nextInt(300) + "." + (random.nextInt(20) == 0 ? "0" : "")
                    + random.nextInt(300) + "." + random.nextInt(300));
        }
        return out;
    }


    @Test
    void eachNameCheckAcceptsExactlyWhatTheApiServersPatternMatches() {
        Pattern label = Pattern.compile(LABEL);
        Pattern subdomain = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
        Pattern dns1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
        Pattern ipv4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
        Pattern configKey = Pattern.compile("[-._a-zA-Z0-9]+");
        int valid = 0;
        for (String s : samples()) {
            assertThat(Names.dns1123Label(s) == null).as("label %s", s).isEqualTo(label.matcher(s).matches());
            assertThat(Names.dns1123Subdomain(s) == null).as("subdomain %s", s).isEqualTo(subdomain.matcher(s).matches());
            assertThat(Names.dns1035Label(s) == null).as("DNS-1035 %s", s).isEqualTo(dns1035.matcher(s).matches());
            assertThat(Names.isIPv4(s)).as("IPv4 %s", s).isEqualTo(ipv4.matcher(s).matches());
            assertThat(Names.configKey(s) == null).as("config key %s", s).isEqualTo(configKey.matcher(s).matches());
            valid += Names.isIPv4(s) ? 1 : 0;
        }
        assertThat(valid).isGreaterThan(1000);
    }

    @Test
    void aPortNameIsCheckedInTheApiServersOrder() {
        for (String s : samples()) {
            String expected = s.length() > 15 ? "must be no more than 15 characters"
                    : !s.matches("[-a-z0-9]+") ? "must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)"
                    : s.contains("--") ? "must not contain consecutive hyphens"
                    : !s.matches(".*[a-z].*") ? "must contain at least one letter (a-z)"
                    : s.startsWith("-") || s.endsWith("-") ? "hyphens cannot be the first or last character" : null;
            assertThat(Names.ianaServiceName(s)).as("%s", s).isEqualTo(expected);
        }
    }
}
