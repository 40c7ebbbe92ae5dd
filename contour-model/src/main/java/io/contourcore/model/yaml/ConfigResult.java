package io.contourcore.model.yaml;

import io.contourcore.model.config.ContourConfig;
import java.util.List;

/**
 * A configuration file read: the settings (upstream's defaults where the file is silent) and its problems.
 *
 * <pre>{@code
 * ConfigResult r = ContourConfigLoader.read(Path.of("contour.yaml"));
 * if (!r.ok()) { r.errors().forEach(System.err::println); }
 * }</pre>
 *
 * @param config the settings read; when there are errors, the settings that could be read over the defaults
 * @param errors every problem found, each with its file and line
 */
public record ConfigResult(ContourConfig config, List<Problem> errors) {

    public ConfigResult {
        config = config == null ? ContourConfig.DEFAULTS : config;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Whether the file had no errors. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
