package io.contourcore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code contour version}: our version and the upstream Contour and Envoy versions whose behaviour we follow. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
public final class VersionCommand implements Callable<Integer> {

    /** The upstream Contour release whose output we reproduce. */
    public static final String UPSTREAM_CONTOUR = "v1.33.6";
    /** The Envoy release that upstream release is tested with. */
    public static final String ENVOY = "1.38.3";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new Provider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    static String ourVersion() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Shared with {@code contour --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "contour-core " + ourVersion(),
                "upstream Contour " + UPSTREAM_CONTOUR + " (behaviour), Envoy " + ENVOY + " (API v3)",
                "Java " + System.getProperty("java.version"),
            };
        }
    }
}
