package io.contourcore.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ordering cases of upstream's sorter_test, each checked against many shuffles of its input. */
class RouteOrderTest {

    private static Dag.Route r(Dag.PathMatch m, Dag.HeaderMatch... headers) {
        return Fixtures.route(m, Fixtures.cluster(Fixtures.kuard())).toBuilder().headerMatches(Arrays.asList(headers)).build();
    }

    private static Dag.Route q(Dag.PathMatch m, Dag.QueryParamMatch... params) {
        Dag.Route base = r(m);
        return new Dag.Route(base.pathMatch(), List.of(), Arrays.asList(params), 0, base.clusters(), false, false, null, false,
                null, null, null, List.of(), null, null, List.of(), null, null, List.of(), null, null, "", null, false, List.of(),
                base.source());
    }

    private static Dag.PathMatch exact(String p) {
        return new Dag.ExactMatch(p);
    }

    private static Dag.PathMatch regex(String p) {
        return new Dag.RegexMatch(p);
    }

    private static Dag.PathMatch segment(String p) {
        return new Dag.PrefixMatch(p, Dag.PrefixType.SEGMENT);
    }

    private static Dag.PathMatch string(String p) {
        return new Dag.PrefixMatch(p, Dag.PrefixType.STRING);
    }

    private static Dag.HeaderMatch exactHeader(String n, String v) {
        return new Dag.HeaderMatch(n, v, Dag.HeaderMatchType.EXACT, false, false, false);
    }

    private static Dag.HeaderMatch presentHeader(String n) {
        return new Dag.HeaderMatch(n, "", Dag.HeaderMatchType.PRESENT, false, false, false);
    }

    private static Dag.QueryParamMatch containsQuery(String n, String v) {
        return new Dag.QueryParamMatch(n, v, Dag.QueryMatchType.CONTAINS, false);
    }

    private static Dag.QueryParamMatch exactQuery(String n, String v) {
        return new Dag.QueryParamMatch(n, v, Dag.QueryMatchType.EXACT, false);
    }

    private static void assertSortsFromAnyOrder(List<Dag.Route> want) {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            List<Dag.Route> shuffled = new ArrayList<>(want);
            Collections.shuffle(shuffled, random);
            assertThat(RouteOrder.sortRoutes(shuffled)).as("shuffle %d", i)
                    .extracting(RouteOrderTest::key).containsExactlyElementsOf(want.stream().map(RouteOrderTest::key).toList());
        }
    }

    /** Path and conditions, with header conditions in their sorted order (sortRoutes sorts them too). */
    private static String key(Dag.Route r) {
        return r.pathMatch() + " " + RouteOrder.sortHeaders(r.headerMatches()) + " " + RouteOrder.sortQueries(r.queryParamMatches());
    }

    @Test
    void exactSortsBeforeRegexBeforePrefixAndLongerFirst() {
        assertSortsFromAnyOrder(List.of(
                r(exact("/aab/a")), r(exact("/aab")), r(exact("/aaa")),
                r(regex("/athis/is/the/longest")), r(regex("/foo((\\/).*)*")), r(regex("/foo.*")), r(regex("/bar.*")), r(regex("/")),
                r(segment("/path/prefix/a")), r(string("/path/prefix/a")), r(string("/path/prf222")), r(string("/path/prf122")),
                r(string("/path/prfx")), r(segment("/path/p"))));
    }

    @Test
    void aMethodMatchOutranksMoreHeaders() {
        assertSortsFromAnyOrder(List.of(
                r(exact("/something"), exactHeader("X-Other-Header-1", "foo"), exactHeader(":method", "POST"),
                        exactHeader("X-Other-Header-3", "baz")),
                r(exact("/something"), exactHeader(":method", "POST")),
                r(exact("/something"), exactHeader("X-Other-Header-1", "foo"), exactHeader("X-Other-Header-2", "bar"))));
    }

    @Test
    void moreHeadersSortFirstThenHeaderByHeader() {
        assertSortsFromAnyOrder(List.of(
                r(exact("/pathexact"), exactHeader("header-name", "header-value"), exactHeader("header-name-2", "header-value"),
                        exactHeader("header-name-3", "header-value")),
                r(exact("/pathexact"), exactHeader("header-name", "header-value"), exactHeader("header-name-2", "header-value"),
                        exactHeader("header-name-999", "header-value")),
                r(exact("/pathexact"), exactHeader("header-name", "header-value")),
                r(exact("/pathexact"), presentHeader("header-name")),
                r(exact("/pathexact"), exactHeader("long-header-name", "long-header-value")),
                r(exact("/pathexact")),
                r(regex("/pathregex2"), presentHeader("header-name")),
                r(regex("/pathregex1"), exactHeader("header-name", "header-value")),
                r(regex("/pathregex1"), presentHeader("header-name")),
                r(regex("/pathregex1"), exactHeader("long-header-name", "long-header-value")),
                r(regex("/pathregex1")),
                r(segment("/path"), presentHeader("header-name")),
                r(string("/path"), exactHeader("header-name", "header-value")),
                r(string("/path"), presentHeader("header-name")),
                r(string("/path"), exactHeader("long-header-name", "long-header-value")),
                r(string("/path"))));
    }

    @Test
    void moreQueryParametersSortFirstThenParameterByParameter() {
        assertSortsFromAnyOrder(List.of(
                q(exact("/"), containsQuery("query-param-1", "query-value-1"), containsQuery("query-param-2", "query-value-2"),
                        containsQuery("query-param-3", "query-value-3")),
                q(exact("/"), exactQuery("aaa-param", "val"), exactQuery("query-param-1", "query-value-1")),
                q(exact("/"), exactQuery("query-param-1", "query-value-1"), exactQuery("query-param-2", "query-value-2")),
                q(exact("/"))));
    }

    @Test
    void headerConditionsInsideARouteAreSortedByNameTypeAndValue() {
        List<Dag.HeaderMatch> sorted = RouteOrder.sortHeaders(List.of(
                presentHeader("b"),
                new Dag.HeaderMatch("a", "x", Dag.HeaderMatchType.CONTAINS, false, false, false),
                exactHeader("a", "z"),
                new Dag.HeaderMatch("a", "z", Dag.HeaderMatchType.EXACT, true, false, false),
                exactHeader("a", "y")));
        assertThat(sorted).extracting(h -> h.name() + ":" + h.type() + ":" + h.value() + ":" + h.invert()).containsExactly(
                "a:EXACT:y:false", "a:EXACT:z:false", "a:EXACT:z:true", "a:CONTAINS:x:false", "b:PRESENT::false");
    }
}
