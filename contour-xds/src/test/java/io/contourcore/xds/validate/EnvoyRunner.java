package io.contourcore.xds.validate;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.images.builder.Transferable;

/**
 * Asks a real Envoy whether it accepts a configuration: {@code envoy --mode validate -c FILE}, through the binary
 * that {@code ENVOY_BIN} names or, where a Docker engine answers, the {@value #IMAGE} image.
 *
 * <pre>{@code
 * Optional<EnvoyRunner> envoy = EnvoyRunner.find();
 * assumeTrue(envoy.isPresent(), EnvoyRunner.UNAVAILABLE);
 * EnvoyRunner.Verdict v = envoy.get().validate(bootstrapYaml);
 * }</pre>
 */
public final class EnvoyRunner {

    static final String IMAGE = "envoyproxy/envoy:v1.38.3";
    public static final String UNAVAILABLE = "no Envoy to compare with: set ENVOY_BIN to an envoy binary, or run where a Docker engine "
            + "answers (Testcontainers pulls " + IMAGE + ")";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    /** What Envoy said: whether it accepted the file, and its output. */
    public record Verdict(boolean accepted, String output) {}

    private final Path binary;

    private EnvoyRunner(Path binary) {
        this.binary = binary;
    }

    /** A runner for one envoy binary. */
    static EnvoyRunner binary(Path envoy) {
        return new EnvoyRunner(envoy);
    }

    /** A runner for the Envoy this machine has, or empty. Never waits long: no socket, no Docker probe. */
    public static Optional<EnvoyRunner> find() {
        String bin = System.getenv("ENVOY_BIN");
        if (bin != null && !bin.isBlank() && Files.isExecutable(Path.of(bin))) {
            return Optional.of(new EnvoyRunner(Path.of(bin)));
        }
        return dockerAnswers() ? Optional.of(new EnvoyRunner(null)) : Optional.empty();
    }

    /**
     * Testcontainers' probe tries several strategies and can take long where there is no engine, so ask it only
     * when something points at one, and give it a deadline.
     */
    private static boolean dockerAnswers() {
        String home = System.getProperty("user.home", "");
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
        if (!hint) {
            return false;
        }
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "docker-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Boolean> f = ex.submit(() -> DockerClientFactory.instance().isDockerAvailable());
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        } finally {
            ex.shutdownNow();
        }
    }

    public Verdict validate(String yaml) throws IOException, InterruptedException {
        return binary != null ? withBinary(yaml) : withDocker(yaml);
    }

    private Verdict withBinary(String yaml) throws IOException, InterruptedException {
        Path file = Files.createTempFile("envoy-check", ".yaml");
        try {
            Files.writeString(file, yaml);
            Process p = new ProcessBuilder(binary.toString(), "--mode", "validate", "-c", file.toString(), "--log-level", "error")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("envoy --mode validate did not finish in " + RUN_TIMEOUT);
            }
            return new Verdict(p.exitValue() == 0, new String(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Done when the container has stopped, whatever its exit code: the code is the verdict, not a failure. */
    private static final class UntilExited extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient client, String containerId) {
            var state = getCurrentState(client, containerId);
            return Boolean.TRUE.equals(state.getRunning()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }

    private Verdict withDocker(String yaml) {
        try (GenericContainer<?> c = new GenericContainer<>(IMAGE)) {
            c.withCopyToContainer(Transferable.of(yaml), "/tmp/check.yaml")
                    .withCommand("envoy", "--mode", "validate", "-c", "/tmp/check.yaml", "--log-level", "error")
                    .withStartupCheckStrategy(new UntilExited().withTimeout(RUN_TIMEOUT));
            c.start();
            Long code = c.getDockerClient().inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
            return new Verdict(code != null && code == 0, c.getLogs());
        }
    }
}
