package io.contourcore.cli;

import com.google.protobuf.Message;
import io.contourcore.xds.bootstrap.BootstrapConfig;
import io.contourcore.xds.bootstrap.EnvoyBootstrap;
import io.contourcore.xds.bootstrap.GeneratedBootstrap;
import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code contour bootstrap FILE|-}: writes the Envoy bootstrap that points Envoy at a running Contour xDS server,
 * with upstream Contour's flags, defaults, checks and output.
 *
 * <pre>{@code
 * contour bootstrap /config/envoy.json --xds-address=contour --xds-port=8001 \
 *     --resources-dir=/config/resources --envoy-cafile=/certs/ca.crt \
 *     --envoy-cert-file=/certs/tls.crt --envoy-key-file=/certs/tls.key
 * }</pre>
 *
 * <p>Every file is written whole or not at all: each goes to a temporary file in its own directory first and is then
 * renamed into place.
 */
@Command(
        name = "bootstrap",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Generate bootstrap configuration.",
            "",
            "Writes the Envoy bootstrap that points Envoy at a running Contour xDS server (upstream Contour's "
                    + "'contour bootstrap', with its flags and defaults). Envoy fetches listeners and clusters from "
                    + "the 'contour' cluster over gRPC and serves its admin interface on a unix socket.",
            "",
            "As upstream, and unlike a TCP admin port: the admin interface is the unix socket --admin-address "
                    + "(default /admin/admin.sock; localhost and IP addresses are refused), and --admin-port (9001) "
                    + "is deprecated and only names the envoy-admin cluster's statistics.",
        },
        footer = {
            "",
            "With --resources-dir and the three TLS files, two SDS files are also written: "
                    + "<resources-dir>/sds/xds-tls-certificate.json and <resources-dir>/sds/xds-validation-context.json, "
                    + "which let Envoy reload rotated xDS certificates.",
            "Exit codes: 0 written, 2 bad flags, missing or empty TLS files, or an unwritable path.",
            "Example: contour bootstrap envoy.json --xds-address 127.0.0.1 --xds-port 8001",
        })
public final class BootstrapCommand implements Callable<Integer> {

    /** Read only here, never in the library; tests replace it. */
    Map<String, String> environment = System.getenv();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "Configuration file ('-' for standard output).")
    String path;

    @Option(names = "--admin-address", paramLabel = "PATH", defaultValue = BootstrapConfig.DEFAULT_ADMIN_ADDRESS,
            description = "Path to Envoy admin unix domain socket. Default: ${DEFAULT-VALUE}.")
    String adminAddress;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "" + BootstrapConfig.DEFAULT_ADMIN_PORT,
            description = "DEPRECATED: Envoy admin interface port; only used in the envoy-admin cluster's "
                    + "alt_stat_name. Default: ${DEFAULT-VALUE}.")
    int adminPort;

    @Option(names = "--dns-lookup-family", paramLabel = "FAMILY", defaultValue = "auto",
            description = "Defines what DNS Resolution Policy to use for Envoy -> Contour cluster name lookup. "
                    + "Either v4, v6, auto, or all (any other value means auto, as upstream). Default: ${DEFAULT-VALUE}.")
    String dnsLookupFamily;

    @Option(names = "--envoy-cafile", paramLabel = "FILE",
            description = "CA Filename for Envoy secure xDS gRPC communication. Default: $ENVOY_CAFILE, else none.")
    String envoyCaFile;

    @Option(names = "--envoy-cert-file", paramLabel = "FILE",
            description = "Client certificate filename for Envoy secure xDS gRPC communication. "
                    + "Default: $ENVOY_CERT_FILE, else none.")
    String envoyCertFile;

    @Option(names = "--envoy-key-file", paramLabel = "FILE",
            description = "Client key filename for Envoy secure xDS gRPC communication. "
                    + "Default: $ENVOY_KEY_FILE, else none. The three TLS files go together: all or none.")
    String envoyKeyFile;

    @Option(names = "--namespace", paramLabel = "NAMESPACE",
            description = "The namespace the Envoy container will run in. Default: $CONTOUR_NAMESPACE, else "
                    + BootstrapConfig.DEFAULT_NAMESPACE + ".")
    String namespace;

    @Option(names = "--overload-downstream-max-conn", paramLabel = "N", defaultValue = "0",
            description = "Defines the Envoy global downstream connection limit. Default: ${DEFAULT-VALUE} (no limit).")
    long overloadDownstreamMaxConn;

    @Option(names = "--overload-max-heap", paramLabel = "BYTES", defaultValue = "0", converter = UnsignedLong.class,
            description = "Defines the maximum heap size in bytes until overload manager stops accepting new "
                    + "connections. Default: ${DEFAULT-VALUE} (no limit).")
    long overloadMaxHeap;

    @Option(names = "--resources-dir", paramLabel = "DIR", defaultValue = "",
            description = "Directory where configuration files will be written to. Default: none.")
    String resourcesDir;

    @Option(names = "--xds-address", paramLabel = "ADDRESS", defaultValue = BootstrapConfig.DEFAULT_XDS_ADDRESS,
            description = "xDS gRPC API address. Default: ${DEFAULT-VALUE}.")
    String xdsAddress;

    @Option(names = "--xds-port", paramLabel = "PORT", defaultValue = "" + BootstrapConfig.DEFAULT_XDS_PORT,
            description = "xDS gRPC API port. Default: ${DEFAULT-VALUE}.")
    int xdsPort;

    @Option(names = "--xds-resource-version", paramLabel = "VERSION",
            defaultValue = BootstrapConfig.DEFAULT_XDS_RESOURCE_VERSION,
            description = "The versions of the xDS resources to request from Contour. Default: ${DEFAULT-VALUE}.")
    String xdsResourceVersion;

    final OutputFlag outputFlag = OutputFlag.printing("bootstrap", "json", "yaml");

    Format format = Format.JSON;

    @Option(names = {"-o", "--output"}, paramLabel = "json|yaml",
            description = "Encoding of the bootstrap: json (upstream's) or yaml. The SDS files are always JSON. "
                    + "Default: json.")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Option(names = "--output-format", hidden = true, description = "Deprecated spelling of -o/--output.")
    void outputFormat(String value) {
        outputFlag.deprecatedOutputFormat(spec, value);
    }

    /** How the bootstrap is encoded; Envoy picks its parser by the file name's extension. */
    enum Format {
        JSON,
        YAML
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        outputFlag.printNotes(err);
        format = new FormatConverter().convert(outputFlag.format());
        BootstrapConfig config;
        try {
            config = BootstrapConfig.builder()
                    .adminAddress(adminAddress)
                    .adminPort(adminPort)
                    .xdsAddress(xdsAddress)
                    .xdsPort(xdsPort)
                    .xdsResourceVersion(xdsResourceVersion)
                    .namespace(flagOrEnv(namespace, "CONTOUR_NAMESPACE", BootstrapConfig.DEFAULT_NAMESPACE))
                    .envoyCaFile(flagOrEnv(envoyCaFile, "ENVOY_CAFILE", ""))
                    .envoyCertFile(flagOrEnv(envoyCertFile, "ENVOY_CERT_FILE", ""))
                    .envoyKeyFile(flagOrEnv(envoyKeyFile, "ENVOY_KEY_FILE", ""))
                    .resourcesDir(resourcesDir)
                    .dnsLookupFamily(dnsLookupFamily(err))
                    .overloadMaxHeapBytes(overloadMaxHeap)
                    .overloadDownstreamMaxConnections(overloadDownstreamMaxConn)
                    .build();
            if (config.tls()) {
                checkTlsFiles(config);
            }
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }

        GeneratedBootstrap generated = EnvoyBootstrap.generate(config);
        List<Staged> staged = new ArrayList<>();
        try {
            if (generated.sdsDirectory().isPresent()) {
                // Upstream creates it whenever --resources-dir is set, so that a later rotation has a place to go.
                Path dir = Path.of(generated.sdsDirectory().get());
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new IOException(dir + ": " + reason(e), e);
                }
            }
            for (GeneratedBootstrap.ResourceFile f : generated.resourceFiles()) {
                staged.add(stage(Path.of(f.path()), encode(f.content(), Format.JSON)));
            }
            String text = encode(generated.bootstrap(), format);
            boolean toStdout = path.equals("-");
            if (!toStdout) {
                staged.add(stage(Path.of(path), text));
            }
            for (Staged s : staged) {
                s.commit();
            }
            staged.clear();
            if (toStdout) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(text);
                out.flush();
            }
            return 0;
        } catch (IOException e) {
            return fail("cannot write " + e.getMessage());
        } catch (InvalidPathException e) {
            return fail("cannot write " + e.getInput() + ": " + e.getReason());
        } finally {
            for (Staged s : staged) {
                s.discard();
            }
        }
    }

    private String flagOrEnv(String flag, String variable, String fallback) {
        if (flag != null) {
            return flag;
        }
        String v = environment.get(variable);
        // An empty variable counts as unset, as in upstream's flag library.
        return v == null || v.isEmpty() ? fallback : v;
    }

    private BootstrapConfig.DnsLookupFamily dnsLookupFamily(PrintWriter err) {
        if (dnsLookupFamily.isEmpty()) {
            return BootstrapConfig.DnsLookupFamily.AUTO;
        }
        return BootstrapConfig.DnsLookupFamily.parse(dnsLookupFamily).orElseGet(() -> {
            err.println("contour: warning: --dns-lookup-family \"" + dnsLookupFamily
                    + "\" is not v4, v6, auto or all; using auto, as upstream does");
            return BootstrapConfig.DnsLookupFamily.AUTO;
        });
    }

    /**
     * Upstream's reason for checking: a missing secret mount would otherwise surface only as Envoy refusing its
     * bootstrap, where nobody looks; failing here shows in the pod's init container. Same order and wording.
     */
    private static void checkTlsFiles(BootstrapConfig c) {
        for (String f : List.of(c.envoyCertFile(), c.envoyKeyFile(), c.envoyCaFile())) {
            long size;
            try {
                size = Files.size(Path.of(f));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("stat " + f + ": no such file or directory");
            } catch (IOException e) {
                throw new IllegalArgumentException("stat " + f + ": " + e.getMessage());
            }
            if (size == 0) {
                throw new IllegalArgumentException("\"" + f + "\" is empty");
            }
        }
    }

    private static String encode(Message m, Format format) {
        return switch (format) {
            case JSON -> ProtoText.toJson(m) + "\n";
            case YAML -> ProtoText.toYaml(ProtoText.toTree(m));
        };
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("contour: bootstrap: " + message);
        err.flush();
        return 2;
    }

    /** A complete temporary file next to its target, waiting to be renamed over it. */
    private record Staged(Path temp, Path target) {

        void commit() throws IOException {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException(target + ": " + reason(e), e);
            }
        }

        void discard() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing more to do; the target itself was never touched
            }
        }
    }

    /** Writes {@code text} to a new temporary file beside {@code target}; errors name the target, not the temporary. */
    private static Staged stage(Path target, String text) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + ": is a directory");
        }
        Path dir = target.toAbsolutePath().getParent();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        while (true) {
            Path temp = dir.resolve("." + target.getFileName() + ".tmp-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                // CREATE_NEW without explicit attributes gives the usual 0666-minus-umask mode, as upstream's
                // os.Create does; createTempFile would give 0600, unreadable to an Envoy running as another user.
                Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new Staged(temp, target);
            } catch (FileAlreadyExistsException e) {
                // taken; draw another name
            } catch (IOException e) {
                new Staged(temp, target).discard();
                throw new IOException(target + ": " + reason(e), e);
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }

    /** {@code --overload-max-heap} is unsigned 64-bit upstream. */
    static final class UnsignedLong implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseUnsignedLong(value);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a number of bytes from 0 to 18446744073709551615");
            }
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "json" -> Format.JSON;
                case "yaml" -> Format.YAML;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not json or yaml");
            };
        }
    }
}
