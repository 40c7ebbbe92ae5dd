package io.contourcore.xds.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.ContourConfigLoader;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.GenericSecret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link DirectText} against the path it replaces ({@code JsonFormat} text, a Jackson tree, Jackson's JSON or YAML
 * writer): the same bytes for hostile strings at many indents and columns, every well-known type, and every golden
 * case, written without falling back to the old path.
 */
class DirectTextTest {

    static final List<String> HOSTILE = List.of(
            "", " ", "  ", "null", "Null", "NULL", "~", "yes", "Yes", "no", "n", "y", "on", "off", "true", "False",
            "0x1F", "1e3", "1.5", "-1", "+1", ".", "-", "+", "1.", ".5", "0", "00", "012", "0_1", "0.0.1",
            ": ", ":", "a:", "a: b", "a:b", ":a", "- x", "-x", "-", "--", "---", "--- x", "...", "....", "? x", "?x",
            "#", "# x", "a #b", "a#b", "a # b", "[a]", "{a}", "a,b", "&a", "*a", "!a", "|", ">", "'a'", "\"a\"",
            "%", "%x", "@type", "`x`", "a'b", "a\"b", "a\\b", "\\", "\\n", " lead", "trail ", " both ", "a  b",
            "tab\there", "\t", "line\nbreak", "line\n", "\n", "\nlead", "a\n\nb", "a \nb", "a\n b", "trail\n\n",
            "cr\rhere", "\r\n", "nul\0byte", "bell\u0007", "esc\u001b[0m", "del\u007f", "\u0085next", "a\u2028b",
            "a\u2029b", "caf\u00e9", "\u00a0nbsp", "\ufeffbom", "bom\ufeff", "snow\u2603man", "astral \ud83d\ude00 x",
            "\ud83d\ude00", "lone \ud800 high", "\ufffe", "\uffff", "\u00ff\u0100",
            "x".repeat(79), "x".repeat(81), "x".repeat(200), ("word ").repeat(40).trim(), ("word ").repeat(40),
            ("a: b ").repeat(30), ("long-" + "y".repeat(90) + " z ").repeat(3), "\"quoted words\" and more ".repeat(6),
            "a\\b c\\d ".repeat(20), "caf\u00e9 ".repeat(30), ("tab\tsep ").repeat(15),
            "function envoy_on_request(request_handle)\n  request_handle:headers():add(\"x-lua\", \"1\")\nend\n",
            "-- lua comment\nlocal t = { a = 1, [\"b\"] = 'c' } -- # not yaml\nreturn t\n\n\n",
            "  indented first line\nsecond\n", "x\n" + "long line ".repeat(20) + "\n");

    private static String oldYaml(Map<String, List<? extends Message>> groups) {
        return ProtoText.toYaml(ProtoText.document(groups));
    }

    private static String oldJson(Map<String, List<? extends Message>> groups) {
        return ProtoText.jsonText(ProtoText.document(groups));
    }

    private static void assertSame(Map<String, List<? extends Message>> groups) {
        assertThat(DirectText.document(groups, XdsDocument.Encoding.YAML, false)).isEqualTo(oldYaml(groups));
        assertThat(DirectText.document(groups, XdsDocument.Encoding.JSON, false)).isEqualTo(oldJson(groups));
    }

    private static void assertSameMessage(Message m) {
        assertThat(DirectText.message(m, XdsDocument.Encoding.YAML, false)).isEqualTo(ProtoText.toYaml(ProtoText.toTree(m)));
        assertThat(DirectText.message(m, XdsDocument.Encoding.JSON, false)).isEqualTo(ProtoText.jsonText(ProtoText.toTree(m)));
    }

    /** A route configuration carrying {@code s} as a header value, a direct-response body, Lua code and a name. */
    private static RouteConfiguration carrying(String s, int n) {
        Lua lua = Lua.newBuilder().setDefaultSourceCode(DataSource.newBuilder().setInlineString(s)).build();
        return RouteConfiguration.newBuilder()
                .setName("rc-" + n)
                .addVirtualHosts(VirtualHost.newBuilder()
                        .setName(s)
                        .addDomains(s)
                        .putTypedPerFilterConfig("envoy.filters.http.lua", Any.pack(lua))
                        .addRequestHeadersToAdd(HeaderValueOption.newBuilder()
                                .setHeader(HeaderValue.newBuilder().setKey("x-" + n).setValue(s)))
                        .addRoutes(Route.newBuilder()
                                .setName(s)
                                .setMatch(RouteMatch.newBuilder().setPrefix(s))
                                .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200)
                                        .setBody(DataSource.newBuilder().setInlineString(s)))))
                .build();
    }

    @Test
    void aPackedValueSeenAgainIsWrittenAsItsFirstTextOnlyWhereItStartsTheSame() {
        // Each packed value recurs at different indents and columns (a folded scalar depends on both), inside
        // another packed value too, in sequences and in maps: the text replayed must be the text written.
        List<Message> routes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String s = HOSTILE.get((i * 7) % HOSTILE.size());
            Any lua = Any.pack(Lua.newBuilder().setDefaultSourceCode(DataSource.newBuilder()
                    .setInlineString(("fold me " + s + " ").repeat(3 + i % 2))).build());
            Any outer = Any.pack(Lua.newBuilder().putSourceCodes("k".repeat(1 + i % 3),
                    DataSource.newBuilder().setInlineString("inner " + (i % 2)).build()).build());
            Any holder = Any.pack(VirtualHost.newBuilder().setName("vh").putTypedPerFilterConfig("a", lua)
                    .putTypedPerFilterConfig("b".repeat(1 + i % 4), outer).build());
            routes.add(RouteConfiguration.newBuilder()
                    .setName("rc-" + i)
                    .addVirtualHosts(VirtualHost.newBuilder().setName("v").putTypedPerFilterConfig("x".repeat(1 + i % 5), lua)
                            .putTypedPerFilterConfig("h", holder)
                            .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                    .putTypedPerFilterConfig("lua", lua)
                                    .putTypedPerFilterConfig("outer", outer)))
                    .build());
        }
        Map<String, List<? extends Message>> groups = new LinkedHashMap<>();
        groups.put("routes", routes);
        groups.put("again", routes);
        assertThat(DirectText.document(groups, XdsDocument.Encoding.YAML, false)).isEqualTo(oldYaml(groups));
        assertThat(DirectText.document(groups, XdsDocument.Encoding.JSON, false)).isEqualTo(oldJson(groups));
    }

    /** {@code s} as a Struct value under keys of every width from 1 to 40, nested {@code depth} deep. */
    private static Struct placedEverywhere(String s, int depth) {
        Struct.Builder b = Struct.newBuilder();
        for (int w = 1; w <= 40; w++) {
            b.putFields("k".repeat(w), Value.newBuilder().setStringValue(s).build());
        }
        b.putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
                .addValues(Value.newBuilder().setStringValue(s))
                .addValues(Value.newBuilder().setListValue(ListValue.newBuilder().addValues(Value.newBuilder().setStringValue(s))))).build());
        Struct inner = b.build();
        for (int i = 0; i < depth; i++) {
            inner = Struct.newBuilder().putFields("n", Value.newBuilder().setStructValue(inner).build()).build();
        }
        return inner;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileStringPrintsTheSameBytesAtEveryPlace() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String s = HOSTILE.get(i);
            int n = i;
            tests.add(DynamicTest.dynamicTest(n + ": " + s.replaceAll("\\p{Cntrl}", "?"), () -> {
                Map<String, List<? extends Message>> groups = new LinkedHashMap<>();
                groups.put("routes", List.of(carrying(s, n)));
                groups.put("clusters", List.of(Cluster.newBuilder().setName("c")
                        .setMetadata(Metadata.newBuilder()
                                .putFilterMetadata("shallow", placedEverywhere(s, 0))
                                .putFilterMetadata("deep", placedEverywhere(s, 5)))
                        .build()));
                assertSame(groups);
            }));
        }
        return tests.stream();
    }

    @Test
    void hostileStringsAsSimpleKeysPrintTheSameBytes() {
        Struct.Builder b = Struct.newBuilder();
        for (String s : HOSTILE) {
            if (!s.isEmpty() && s.length() < 128 && s.chars().noneMatch(c -> c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029)) {
                b.putFields(s, Value.newBuilder().setStringValue(s).build());
            }
        }
        Cluster c = Cluster.newBuilder().setName("keys").setMetadata(Metadata.newBuilder().putFilterMetadata("k", b.build())).build();
        assertSame(Map.of("clusters", List.of(c)));
    }

    @Test
    void keysSnakeyamlWritesAsComplexKeysFallBackToTheOldPathWithTheSameBytes() {
        for (String key : List.of("", "a\nb", "a\u2028b", "k".repeat(128), "k".repeat(300))) {
            Struct st = Struct.newBuilder().putFields(key, Value.newBuilder().setStringValue("v").build()).build();
            Cluster c = Cluster.newBuilder().setName("keys").setMetadata(Metadata.newBuilder().putFilterMetadata("k", st)).build();
            Map<String, List<? extends Message>> groups = Map.of("clusters", List.of(c));
            assertThatThrownBy(() -> DirectText.document(groups, XdsDocument.Encoding.YAML, false))
                    .isInstanceOf(YamlSink.Unsupported.class);
            assertThat(DirectText.document(groups, XdsDocument.Encoding.YAML)).isEqualTo(oldYaml(groups));
            assertThat(DirectText.document(groups, XdsDocument.Encoding.JSON, false)).isEqualTo(oldJson(groups));
        }
    }

    @Test
    void writingToAFileInPiecesGivesTheBytesOfTheWholeText() throws IOException {
        // Far more text than one piece (64 KiB), with hostile strings so the YAML writer's cached scalars and
        // columns carry across the points where the text is handed over.
        // UTF-8 cannot carry an unpaired surrogate (see the next test); pairs cut between pieces must come out whole.
        List<String> encodable = HOSTILE.stream().filter(DirectTextTest::utf8CanCarry).toList();
        List<RouteConfiguration> routes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            routes.add(carrying(encodable.get(i % encodable.size()) + "\ud83d\ude00".repeat(i % 3), i));
        }
        Map<String, List<? extends Message>> groups = new LinkedHashMap<>();
        groups.put("routes", routes);
        for (XdsDocument.Encoding enc : XdsDocument.Encoding.values()) {
            Pieces w = new Pieces();
            DirectText.write(groups, enc, w);
            String whole = DirectText.document(groups, enc);
            assertThat(whole.length()).isGreaterThan(4 << 16);
            assertThat(w.text()).isEqualTo(whole);
            assertThat(w.writes).isGreaterThan(4);
            Message one = routes.get(7);
            w = new Pieces();
            DirectText.write(one, enc, w);
            assertThat(w.text()).isEqualTo(DirectText.message(one, enc));
        }
    }

    @Test
    void aSinkSaysItWroteOnlyAsciiUntilItWritesAnythingElseAndFromThenOn() {
        Cluster keyed = Cluster.newBuilder().setName("k").setMetadata(Metadata.newBuilder().putFilterMetadata("f",
                Struct.newBuilder().putFields("caf\u00e9", Value.newBuilder().setStringValue("v").build()).build())).build();
        // Through the one-pass path, snakeyaml's (a block scalar, an escape), a key, and a packed value seen twice.
        for (Message odd : List.of(carrying("caf\u00e9", 1), carrying("two\nlines \u2603", 2), carrying("\ud83d\ude00", 3), keyed)) {
            StringBuilder yamlText = new StringBuilder();
            StringBuilder jsonText = new StringBuilder();
            for (ProtoWalker.Sink sink : List.<ProtoWalker.Sink>of(new YamlSink(yamlText), new JsonSink(jsonText))) {
                ProtoWalker walker = new ProtoWalker(sink);
                walker.message(carrying("plain text: with \"quotes\"\n\tand a tab", 0));
                walker.message(carrying("plain text: with \"quotes\"\n\tand a tab", 0));
                assertThat(sink.ascii()).as("%s after ASCII", sink.getClass().getSimpleName()).isTrue();
                walker.message(odd);
                assertThat(sink.ascii()).as("%s after %s", sink.getClass().getSimpleName(), odd).isFalse();
                walker.message(carrying("plain", 4));
                assertThat(sink.ascii()).isFalse();
            }
            assertThat(yamlText.chars().anyMatch(c -> c >= 0x80) || jsonText.chars().anyMatch(c -> c >= 0x80)).isTrue();
        }
    }

    @Test
    void sinksOfOneDocumentTakeTheTextsSnakeyamlMadeFromTheMapTheyShare() {
        Map<String, String> shared = new java.util.concurrent.ConcurrentHashMap<>();
        Message odd = carrying("two\nlines, caf\u00e9", 1);
        StringBuilder first = new StringBuilder();
        new ProtoWalker(new YamlSink(first, shared)).message(odd);
        assertThat(shared).as("a block scalar is snakeyaml's to write").isNotEmpty();
        int made = shared.size();
        StringBuilder secondText = new StringBuilder();
        YamlSink second = new YamlSink(secondText, shared);
        new ProtoWalker(second).message(odd);
        assertThat(secondText.toString()).isEqualTo(first.toString());
        assertThat(shared).hasSize(made);
        assertThat(second.ascii()).as("a shared text that is not ASCII counts as written").isFalse();
        // A text planted under those keys is what a sink writes: it was taken from the map, not made again.
        Map<String, String> planted = new java.util.concurrent.ConcurrentHashMap<>();
        shared.forEach((k, v) -> planted.put(k, v.replace("lines", "LINES")));
        StringBuilder third = new StringBuilder();
        new ProtoWalker(new YamlSink(third, planted)).message(odd);
        assertThat(third.toString()).contains("LINES").isNotEqualTo(first.toString());
    }

    @Test
    void anUnpairedSurrogateInJsonOutputIsRefusedAsAUtf8WriterRefusesIt() {
        Map<String, List<? extends Message>> groups = Map.of("routes", List.of(carrying("lone \ud800 high", 1)));
        assertThatThrownBy(() -> DirectText.write(groups, XdsDocument.Encoding.JSON, new Pieces()))
                .isInstanceOf(java.nio.charset.CharacterCodingException.class);
    }

    private static boolean utf8CanCarry(String s) {
        return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    @Test
    void aDocumentTheDirectWriterCannotReproduceIsWrittenToTheFileTheOldWay() throws IOException {
        Struct st = Struct.newBuilder().putFields("k".repeat(300), Value.newBuilder().setStringValue("v").build()).build();
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            clusters.add(Cluster.newBuilder().setName("c" + i).build());
        }
        // The troublesome key comes after more than one piece was written: the file must not keep that start twice.
        clusters.add(Cluster.newBuilder().setName("keys").setMetadata(Metadata.newBuilder().putFilterMetadata("k", st)).build());
        io.contourcore.xds.XdsResources r = new io.contourcore.xds.XdsResources(List.of(), List.of(), clusters, List.of(), List.of());
        Path file = Files.createTempFile("direct", ".yaml");
        try {
            Files.writeString(file, "x".repeat(1 << 20));   // an older, longer file is replaced, not overwritten in part
            XdsDocument.write(r, XdsDocument.Encoding.YAML, file);
            assertThat(Files.readString(file)).isEqualTo(XdsDocument.text(r, XdsDocument.Encoding.YAML));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Collects what is written and counts the writes. */
    /** The bytes written, and in how many calls. */
    private static final class Pieces extends java.io.ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            writes++;
        }

        String text() {
            return toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void randomStringsOfHostileCharactersPrintTheSameBytes() {
        Random r = new Random(20261122);
        String alphabet = "ab yz09:#-?'\"\\,[]{}&*!|>%@`~.\t\r\n\0\u0085\u00e9\u2028\ufeff\ud83d\ude00";
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(round % 10 == 0 ? 160 : 12);
            while (sb.length() < len) {
                int p = r.nextInt(alphabet.length());
                char c = alphabet.charAt(p);
                sb.append(Character.isHighSurrogate(c) ? alphabet.substring(p, p + 2) : Character.isLowSurrogate(c) ? "q" : String.valueOf(c));
            }
            String s = sb.toString();
            Struct st = placedEverywhere(s, r.nextInt(4));
            Cluster c = Cluster.newBuilder().setName("r" + round).setMetadata(Metadata.newBuilder().putFilterMetadata("f", st)).build();
            Map<String, List<? extends Message>> groups = Map.of("routes", List.of(carrying(s, round)), "clusters", List.of(c));
            assertThat(DirectText.document(groups, XdsDocument.Encoding.YAML, false)).as("%s", s).isEqualTo(oldYaml(groups));
            assertThat(DirectText.document(groups, XdsDocument.Encoding.JSON, false)).as("%s", s).isEqualTo(oldJson(groups));
        }
    }

    @Test
    void everyWellKnownTypeAndNumberFormPrintsTheSameBytes() {
        List<Message> packed = List.of(
                Duration.newBuilder().setSeconds(1).setNanos(500_000_000).build(), Duration.newBuilder().setNanos(1000).build(),
                Duration.getDefaultInstance(), Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_000_000).build(),
                FloatValue.of(0.1f), FloatValue.of(1.0e-5f), FloatValue.of(3.4028235e38f), FloatValue.of(Float.NaN),
                FloatValue.of(Float.NEGATIVE_INFINITY), FloatValue.of(-0.0f), FloatValue.of(16777216f),
                DoubleValue.of(1e21), DoubleValue.of(1e-7), DoubleValue.of(0.1 + 0.2), DoubleValue.of(Double.POSITIVE_INFINITY),
                DoubleValue.of(123456789.0), DoubleValue.of(-0.0), DoubleValue.of(Double.MIN_VALUE),
                Int64Value.of(Long.MIN_VALUE), UInt64Value.of(-1L), UInt32Value.of(-1), UInt32Value.of(0), BoolValue.of(false),
                BytesValue.of(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff, 62, 63})),
                FieldMask.newBuilder().addPaths("foo_bar").addPaths("baz.qux_quux").build(), Empty.getDefaultInstance(),
                Struct.newBuilder().putFields("n", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                        .putFields("b", Value.newBuilder().setBoolValue(true).build())
                        .putFields("d", Value.newBuilder().setNumberValue(1 << 20).build())
                        .putFields("\u00e9", Value.newBuilder().setNumberValue(-2.5e-10).build())
                        .putFields("Z", Value.newBuilder().setListValue(ListValue.getDefaultInstance()).build())
                        .putFields("s", Value.newBuilder().setStructValue(Struct.getDefaultInstance()).build()).build(),
                Value.newBuilder().setStringValue("v").build(), Value.getDefaultInstance(), ListValue.newBuilder()
                        .addValues(Value.newBuilder().setNumberValue(7)).addValues(Value.getDefaultInstance()).build(),
                Any.pack(Duration.newBuilder().setSeconds(3).build()),
                Int64Range.newBuilder().setStart(-5).setEnd(Long.MAX_VALUE).build(),
                Secret.newBuilder().setName("s").setGenericSecret(GenericSecret.newBuilder()
                        .setSecret(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("\u00e9\0binary")))).build());
        Cluster.Builder c = Cluster.newBuilder().setName("wkt").setLbPolicyValue(99);
        Metadata.Builder md = Metadata.newBuilder();
        for (Message m : packed) {
            md.putTypedFilterMetadata("t" + md.getTypedFilterMetadataCount(), Any.pack(m));
        }
        c.setMetadata(md);
        Cluster cluster = c.build();
        assertSame(Map.of("clusters", List.of(cluster, Cluster.getDefaultInstance())));
        assertSameMessage(cluster);
        assertSame(Map.of("listeners", List.of(), "routes", List.of()));
    }

    @Test
    void anAnyOfAnUnknownTypeIsAnErrorNotText() {
        Cluster c = Cluster.newBuilder().setName("x").setMetadata(Metadata.newBuilder().putTypedFilterMetadata("t",
                Any.newBuilder().setTypeUrl("type.googleapis.com/no.such.Type").build())).build();
        assertThatThrownBy(() -> DirectText.message(c, XdsDocument.Encoding.JSON)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.Type");
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseIsWrittenDirectlyWithTheSameBytes() throws IOException {
        Path cases = Path.of("..", "testdata", "cases").toAbsolutePath().normalize();
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(cases)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("input.yaml")))
                    .filter(p -> !p.startsWith(cases.resolve("convert"))) // conversion cases, not rendering ones
                    .filter(p -> !Files.exists(p.resolve("expected/error.txt"))).sorted().toList();
        }
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(cases.relativize(dir).toString(), () -> {
            ContourConfig config = Files.exists(dir.resolve("config.yaml"))
                    ? ContourConfigLoader.read(dir.resolve("config.yaml")).config() : ContourConfig.DEFAULTS;
            LoadResult loaded = ManifestLoader.read(List.of(dir.resolve("input.yaml").toString()), false, "default", System.in);
            Engine.Result r = Engine.run(loaded.resources(), config);
            assertSame(XdsDocument.sections(r.xds()));
            assertSameMessage(Engine.staticBootstrap(r));
        }));
    }
}
