package io.contourcore.xds.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PiecedText} against the single writer ({@link DirectText}): the same bytes from documents whose large
 * resources are cut inside, with hostile strings everywhere, with pieces that start where the stand-in state is
 * wrong, and the same first failure.
 */
class PiecedTextTest {

    static ExecutorService one;
    static ExecutorService three;

    @BeforeAll
    static void pools() {
        one = Executors.newFixedThreadPool(1);
        three = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        one.shutdownNow();
        three.shutdownNow();
    }

    private static String hostile(int i) {
        return DirectTextTest.HOSTILE.get(i % DirectTextTest.HOSTILE.size());
    }

    /** A route configuration of {@code hosts} virtual hosts, each host's strings given by {@code text}. */
    private static RouteConfiguration routes(String name, int hosts, IntFunction<String> text) {
        RouteConfiguration.Builder rc = RouteConfiguration.newBuilder().setName(name);
        for (int i = 0; i < hosts; i++) {
            String s = text.apply(i);
            rc.addVirtualHosts(VirtualHost.newBuilder()
                    .setName("vh-" + i)
                    .addDomains("host-" + i + ".example.com")
                    .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/" + i)))
                    .addRoutes(Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix("/" + s))
                            .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200)
                                    .setBody(DataSource.newBuilder().setInlineString(s)))));
        }
        // A member after the list that is cut: the tail of the configuration is written from its own copy.
        return rc.setValidateClusters(com.google.protobuf.BoolValue.of(true)).build();
    }

    /** A listener of {@code chains} filter chains, each with a packed Lua filter. */
    private static Listener listener(int chains, IntFunction<String> text) {
        Listener.Builder l = Listener.newBuilder().setName("ingress_https");
        for (int i = 0; i < chains; i++) {
            Lua lua = Lua.newBuilder().setDefaultSourceCode(DataSource.newBuilder().setInlineString(text.apply(i))).build();
            l.addFilterChains(FilterChain.newBuilder()
                    .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames("host-" + i + ".example.com"))
                    .addFilters(Filter.newBuilder().setName("lua").setTypedConfig(Any.pack(lua)))
                    .addFilters(Filter.newBuilder().setName("same").setTypedConfig(Any.pack(
                            Lua.newBuilder().setDefaultSourceCode(DataSource.newBuilder().setInlineString("shared")).build()))));
        }
        return l.setStatPrefix("after the chains").build();
    }

    private static Map<String, List<? extends Message>> document(IntFunction<String> text) {
        List<Message> clusters = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            clusters.add(Cluster.newBuilder().setName("c-" + text.apply(i) + "-" + i).setAltStatName(text.apply(i + 1)).build());
        }
        List<Message> small = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            small.add(routes("small-" + i, 3, k -> text.apply(k * 31)));
        }
        List<Message> routeConfigs = new ArrayList<>();
        routeConfigs.add(routes("ingress_http", 3000, text));
        routeConfigs.addAll(small);
        Map<String, List<? extends Message>> groups = new LinkedHashMap<>();
        groups.put("listeners", List.of(Listener.newBuilder().setName("first").build(), listener(1500, text),
                Listener.newBuilder().setName("last").build()));
        groups.put("routes", routeConfigs);
        groups.put("clusters", clusters);
        groups.put("endpoints", List.of());
        groups.put("secrets", List.of(Cluster.newBuilder().setName("not a secret, but a message").build()));
        return groups;
    }

    /** The joined text, the pieces written again, and how many pieces were handed on as ASCII and as not. */
    private record Pieced(String text, int rewritten, int asciiPieces, int otherPieces) {}

    private static Pieced pieced(Map<String, List<? extends Message>> groups, XdsDocument.Encoding encoding,
            ExecutorService pool) throws IOException {
        StringBuilder sb = new StringBuilder();
        int[] counts = new int[2];
        int rewritten = PiecedText.write(groups, encoding, pool, (text, ascii) -> {
            // A piece said to be ASCII is written as its Latin-1 bytes unchecked: it must hold nothing else.
            if (ascii && !text.chars().allMatch(c -> c < 0x80)) {
                throw new AssertionError("a piece said to be ASCII is not: " + text);
            }
            counts[ascii ? 0 : 1]++;
            sb.append(text);
        });
        assertThat(rewritten).as("the document is large enough to be cut").isNotNegative();
        return new Pieced(sb.toString(), rewritten, counts[0], counts[1]);
    }

    @Test
    void aDocumentWrittenInPiecesOnAnyNumberOfThreadsIsTheTextWrittenWhole() throws IOException {
        Map<String, List<? extends Message>> groups = document(PiecedTextTest::hostile);
        for (XdsDocument.Encoding encoding : XdsDocument.Encoding.values()) {
            String whole = DirectText.document(groups, encoding, false);
            for (ExecutorService pool : List.of(one, three)) {
                Pieced p = pieced(groups, encoding, pool);
                assertThat(p.text()).as(encoding.name()).isEqualTo(whole);
                assertThat(p.otherPieces()).as("pieces with hostile strings are checked").isPositive();
            }
        }
    }

    @Test
    void piecesOfPlainResourcesStartWhereTheirStandInSaysAndNoneIsWrittenAgain() throws IOException {
        Map<String, List<? extends Message>> groups = document(i -> "plain-" + i);
        for (XdsDocument.Encoding encoding : XdsDocument.Encoding.values()) {
            Pieced p = pieced(groups, encoding, three);
            assertThat(p.text()).isEqualTo(DirectText.document(groups, encoding, false));
            assertThat(p.rewritten()).as(encoding.name()).isZero();
            assertThat(p.otherPieces()).as("plain pieces go out unchecked").isZero();
        }
    }

    @Test
    void aPieceAfterAResourceEndingInABlockScalarIsWrittenAgainWhereItTrulyStarts() throws IOException {
        // Every host and chain ends in a literal block, which leaves the line blank: the stand-in start (after a
        // one-letter item) is then not the true one, so the join must write such pieces again.
        Map<String, List<? extends Message>> groups = document(i -> "line " + i + "\nand the next\n");
        Pieced p = pieced(groups, XdsDocument.Encoding.YAML, three);
        assertThat(p.text()).isEqualTo(DirectText.document(groups, XdsDocument.Encoding.YAML, false));
        assertThat(p.rewritten()).isPositive();
    }

    @Test
    void theFirstFailureInDocumentOrderIsTheOneTheWholeWriterMeets() {
        Map<String, List<? extends Message>> groups = new LinkedHashMap<>(document(i -> "plain-" + i));
        List<Message> clusters = new ArrayList<>(groups.get("clusters"));
        Any bad = Any.newBuilder().setTypeUrl("type.googleapis.com/no.such.Type").setValue(ByteString.copyFromUtf8("x")).build();
        Any worse = Any.newBuilder().setTypeUrl("no-slash").build();
        clusters.set(2000, Cluster.newBuilder().setName("bad").putTypedExtensionProtocolOptions("a", bad).build());
        clusters.set(2900, Cluster.newBuilder().setName("worse").putTypedExtensionProtocolOptions("a", worse).build());
        groups.put("clusters", clusters);
        for (XdsDocument.Encoding encoding : XdsDocument.Encoding.values()) {
            Throwable whole = org.assertj.core.api.Assertions.catchThrowable(() -> DirectText.document(groups, encoding, false));
            assertThat(whole).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pieced(groups, encoding, three)).isInstanceOf(whole.getClass())
                    .hasMessage(whole.getMessage());
        }
    }

    @Test
    void aConstructTheYamlWriterLeavesToSnakeyamlMakesTheWholeDocumentGoTheOldWay() {
        Map<String, List<? extends Message>> groups = new LinkedHashMap<>(document(i -> "plain-" + i));
        List<Message> clusters = new ArrayList<>(groups.get("clusters"));
        // A map key of 128 characters or more is a complex key ("? key"), which the direct writer does not write.
        clusters.set(2500, Cluster.newBuilder().setName("long key")
                .putTypedExtensionProtocolOptions("k".repeat(130), Any.pack(Lua.getDefaultInstance())).build());
        groups.put("clusters", clusters);
        assertThatThrownBy(() -> pieced(groups, XdsDocument.Encoding.YAML, three)).isInstanceOf(YamlSink.Unsupported.class);
        assertThat(DirectText.document(groups, XdsDocument.Encoding.YAML, three))
                .isEqualTo(ProtoText.toYaml(ProtoText.document(groups)));
    }
}
