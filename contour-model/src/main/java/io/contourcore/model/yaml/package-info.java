/**
 * Reading Kubernetes manifests and Contour's configuration file into the model, with every problem located.
 *
 * <pre>{@code
 * LoadResult objects = ManifestLoader.read(List.of("app/"), true, "default", System.in);
 * ConfigResult config = ContourConfigLoader.read(Path.of("contour.yaml"));
 * }</pre>
 *
 * <p>Both syntaxes become one small located tree ({@code Node}): YAML through {@code BlockYaml}, a reader of the
 * block YAML Kubernetes tools write, and snakeyaml's composer for each document it declines (the same trees, proven by
 * a differential test), JSON through Jackson's streaming parser. Decoders read that tree through {@code Field}, which checks each value's type and names
 * the field path in every problem. Adding a kind is one case in {@code ObjectDecoder.forKind} and one decoder class.
 */
package io.contourcore.model.yaml;
