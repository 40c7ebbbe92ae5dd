package io.contourcore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code contour serve} in-process on a thread, waits until it serves, and stops it through the seam. */
final class ServeHarness implements AutoCloseable {

    private final ServeCommand command;
    private final StringWriter err;
    private final CompletableFuture<Integer> exit;
    final ServeCommand.Running running;

    private ServeHarness(ServeCommand command, StringWriter err, CompletableFuture<Integer> exit,
                         ServeCommand.Running running) {
        this.command = command;
        this.err = err;
        this.exit = exit;
        this.running = running;
    }

    /** What a run that never started serving printed, and its exit code. */
    record Failed(int exit, String err) {}

    /** Starts {@code contour serve ARGS --xds-port 0 --http-port 0}; fails when it exits instead of serving. */
    static ServeHarness start(String... args) throws Exception {
        Launch l = launch(args);
        ServeCommand.Running r;
        try {
            r = l.started.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("serve exited before serving: " + l.err, e.getCause());
        }
        return new ServeHarness(l.command, l.err, l.exit, r);
    }

    /** Runs serve with ARGS expecting it to exit without serving. */
    static Failed startExpectingExit(String... args) throws Exception {
        Launch l = launch(args);
        int code = l.exit.get(30, TimeUnit.SECONDS);
        if (l.started.isDone() && !l.started.isCompletedExceptionally()) {
            throw new AssertionError("serve started serving");
        }
        return new Failed(code, l.err.toString());
    }

    private record Launch(ServeCommand command, StringWriter err, CompletableFuture<Integer> exit,
                          CompletableFuture<ServeCommand.Running> started) {}

    private static Launch launch(String... args) {
        CommandLine cl = ContourCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
        serve.installShutdownHook = false;
        CompletableFuture<ServeCommand.Running> started = new CompletableFuture<>();
        serve.onStarted = started::complete;
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        String[] full = Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
        Thread t = new Thread(() -> {
            try {
                exit.complete(cl.execute(full));
            } finally {
                started.completeExceptionally(new IllegalStateException("serve exited"));
            }
        }, "serve-under-test");
        t.setDaemon(true);
        t.start();
        return new Launch(serve, err, exit, started);
    }

    /** Everything the command printed to its error stream so far. */
    String err() {
        return err.toString();
    }

    /** Stops the command as a signal would and returns its exit code. */
    int stop() throws Exception {
        command.stop.countDown();
        return exit.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stop();
        }
    }
}
