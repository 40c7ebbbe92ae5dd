package io.contourcore.xds.bootstrap;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code contour bootstrap} writes: the bootstrap itself, the directory upstream creates under
 * {@code --resources-dir}, and the SDS resource files inside it.
 *
 * <pre>{@code
 * GeneratedBootstrap g = EnvoyBootstrap.generate(config);
 * write(path, ProtoText.toJson(g.bootstrap()));
 * g.sdsDirectory().ifPresent(dir -> mkdirs(dir));
 * for (GeneratedBootstrap.ResourceFile f : g.resourceFiles()) {
 *     write(f.path(), ProtoText.toJson(f.content()));
 * }
 * }</pre>
 *
 * @param bootstrap the Envoy bootstrap
 * @param sdsDirectory {@code <resources-dir>/sds}, which upstream creates (mode 0777) whenever
 *     {@code --resources-dir} is given, even without TLS
 * @param resourceFiles the SDS files, in the order upstream writes them; empty unless TLS and
 *     {@code --resources-dir} are both set
 */
public record GeneratedBootstrap(Bootstrap bootstrap, Optional<String> sdsDirectory, List<ResourceFile> resourceFiles) {

    public GeneratedBootstrap {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(sdsDirectory, "sdsDirectory");
        resourceFiles = List.copyOf(resourceFiles);
    }

    /**
     * One SDS resource file. Envoy reads it as JSON (its name ends in {@code .json}) whatever the bootstrap's format.
     *
     * @param path where to write it, spelled as the bootstrap refers to it ({@code <resources-dir>/sds/NAME.json})
     * @param content a discovery response holding one {@code Secret}, as an SDS path config source expects
     */
    public record ResourceFile(String path, DiscoveryResponse content) {
        public ResourceFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
        }
    }
}
