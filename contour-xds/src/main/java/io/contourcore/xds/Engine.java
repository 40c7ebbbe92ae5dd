package io.contourcore.xds;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.IncrementalDagBuilder;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.Parallel;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.render.StaticBootstrap;
import io.contourcore.xds.translate.TranslationMemo;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The one path from Kubernetes objects to Envoy configuration: build the DAG (with status), then translate it.
 * {@code render}, {@code serve}, {@code status}, {@code route} and the golden tests all go through here. Pure: the
 * same objects and settings give equal results.
 *
 * <pre>{@code
 * LoadResult loaded = ManifestLoader.read(List.of("app.yaml"), false, "default", System.in);
 * Engine.Result r = Engine.run(loaded.resources(), ContourConfig.DEFAULTS);
 * r.xds().clusters();            // what contour serve sends
 * r.status().problems();         // invalid or orphaned objects
 * Bootstrap b = Engine.staticBootstrap(r);   // what render --format static prints
 * }</pre>
 */
public final class Engine {

    private Engine() {}

    /** One run's outputs, with the inputs that made them. */
    public record Result(ResourceSet resources, ContourConfig config, BuildResult build, Translation translation) {
        public Result {
            if (resources == null || config == null || build == null || translation == null) {
                throw new IllegalArgumentException("every part of a result is required");
            }
        }

        public Dag dag() {
            return build.dag();
        }

        public StatusSet status() {
            return build.status();
        }

        /** The Envoy resources: what {@code contour serve} sends. */
        public XdsResources xds() {
            return translation.xds();
        }
    }

    /**
     * Inputs with fewer objects than this run sequentially even when given an executor: below it, handing work to
     * another thread costs about what it saves.
     */
    public static final int PARALLEL_MIN_OBJECTS = 1000;

    public static Result run(ResourceSet resources, ContourConfig config) {
        return run(resources, config, Parallel.SEQUENTIAL);
    }

    /**
     * As {@link #run(ResourceSet, ContourConfig)}, checking TLS Secrets beside the DAG build and translating on
     * {@code executor} (the caller's; the engine keeps no threads) when the input has at least
     * {@link #PARALLEL_MIN_OBJECTS} objects. The result is the same.
     */
    public static Result run(ResourceSet resources, ContourConfig config, Executor executor) {
        Executor ex = resources.size() >= PARALLEL_MIN_OBJECTS ? executor : Parallel.SEQUENTIAL;
        BuildResult build = DagBuilder.build(resources, config, ex);
        Translation translation = XdsTranslator.translate(build.dag(), resources, config, executor);
        return new Result(resources, config, build, translation);
    }

    /**
     * {@link #run} again and again over successive versions of the objects, as {@code contour serve} does: each run
     * rebuilds only the parts of the DAG a change can affect ({@link IncrementalDagBuilder}) and translates again only
     * the virtual hosts, clusters and load assignments that changed ({@link TranslationMemo}); what is unchanged comes
     * out as the same instances as last time. Every result is equal to {@link #run} of the same objects.
     * Not thread-safe: one run at a time.
     *
     * <pre>{@code
     * Engine.Incremental engine = new Engine.Incremental();
     * engine.run(objects, config, executor);             // a whole build
     * engine.run(objectsWithOneChange, config, executor); // equal to Engine.run(objectsWithOneChange, config)
     * }</pre>
     */
    public static final class Incremental {
        private final IncrementalDagBuilder dags = new IncrementalDagBuilder();
        private TranslationMemo memo = new TranslationMemo();
        private ContourConfig memoConfig;

        public Result run(ResourceSet resources, ContourConfig config, Executor executor) {
            if (!config.equals(memoConfig)) {
                // Memoised pieces were made with the old settings.
                memo = new TranslationMemo();
                memoConfig = config;
            }
            BuildResult build = dags.build(resources, config);
            Translation t = XdsTranslator.translate(build.dag(), resources, config, executor, memo);
            // A resource equal to last time's becomes last time's instance: the checks and the server that follow
            // remember their work per instance. Equal pieces inside are already shared, so most comparisons are short.
            XdsResources x = t.xds();
            XdsResources interned = XdsResources.following(last, intern(last.listeners(), x.listeners(), l -> l.getName()),
                    intern(last.routes(), x.routes(), r -> r.getName()),
                    intern(last.clusters(), x.clusters(), c -> c.getName()),
                    intern(last.endpoints(), x.endpoints(), e -> e.getClusterName()),
                    intern(last.secrets(), x.secrets(), s -> s.getName()));
            last = interned;
            return new Result(resources, config, build, new Translation(interned, t.clusterFacts()));
        }

        private XdsResources last = XdsResources.EMPTY;

        /** {@code next} with each element equal to the one of the same name in {@code last} replaced by that one. */
        private static <T> List<T> intern(List<T> last, List<T> next, java.util.function.Function<T, String> name) {
            // Both lists are sorted by name; when every instance is the one already held, nothing need be looked up.
            if (next.size() == last.size()) {
                boolean same = true;
                for (int i = 0; i < next.size() && same; i++) {
                    same = next.get(i) == last.get(i);
                }
                if (same) {
                    return last;
                }
            }
            // Otherwise walk both in step (both sorted by name): an instance already held costs one comparison.
            List<T> out = new java.util.ArrayList<>(next.size());
            int j = 0;
            for (T r : next) {
                if (j < last.size() && last.get(j) == r) {
                    out.add(r);
                    j++;
                    continue;
                }
                String n = name.apply(r);
                while (j < last.size() && name.apply(last.get(j)).compareTo(n) < 0) {
                    j++;
                }
                T old = j < last.size() && name.apply(last.get(j)).equals(n) ? last.get(j) : null;
                out.add(old != null && old.equals(r) ? old : r);
            }
            // Every resource rebuilt equal to last time's (a listener whose filter chain was made again): the list
            // stays last time's instance, so the checks and the server see the type unchanged.
            if (out.size() == last.size()) {
                boolean allOld = true;
                for (int i = 0; i < out.size() && allOld; i++) {
                    allOld = out.get(i) == last.get(i);
                }
                if (allOld) {
                    return last;
                }
            }
            return out;
        }

        /** The DAG side, for tests and metrics: how many parts the last run rebuilt. */
        public IncrementalDagBuilder dags() {
            return dags;
        }
    }

    /** The static bootstrap {@code envoy -c} runs with no control plane. */
    public static Bootstrap staticBootstrap(Result r) {
        return StaticBootstrap.build(r.translation(), r.config(), r.config().clusterDomain());
    }
}
