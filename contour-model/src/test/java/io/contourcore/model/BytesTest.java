package io.contourcore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {

    /**
     * What java.util.Base64 makes of {@code text}, or null where it refuses it; it also takes text without its
     * padding, which fromBase64 refuses (SecretDecoder pads such text first).
     */
    private static Bytes reference(String text) {
        if (text.length() % 4 != 0) {
            return null;
        }
        try {
            return Bytes.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void base64TextDecodesAsTheJdkDecodesItAndWhatItRefusesIsNull() {
        List<String> texts = new ArrayList<>(List.of("", "aGk=", "aGk", "aGVsbG8=", "aGVsbG8h", "QQ==", "QR==", "====",
                "A===", "AB=C", "AB==CD==", "ABC=", "AB C", "AB\nC", "Zm9v\u00e9mFy", "+/+/", "-_-_", "Zm9vYmFy"));
        Random random = new Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(4) * 4 + (random.nextInt(8) == 0 ? random.nextInt(4) : 0);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length() - (random.nextInt(3) == 0 ? 0 : 1))));
            }
            texts.add(b.toString());
        }
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            texts.add(Base64.getEncoder().encodeToString(data));
        }
        int decoded = 0;
        for (String t : texts) {
            Bytes expected = reference(t);
            assertThat(Bytes.fromBase64(t)).as("%s", t).isEqualTo(expected);
            decoded += expected == null ? 0 : 1;
        }
        assertThat(decoded).isGreaterThan(1000);
    }
}
