package io.contourcore.serve;

import io.grpc.netty.shaded.io.netty.handler.codec.DecoderException;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grpc-java reports every connection that fails before it speaks HTTP/2 (a port scanner, an HTTP/1.1 health check,
 * TLS to a plaintext port, plaintext to a TLS one) as "Transport failed" with a 20-line stack trace, through
 * {@code java.util.logging}. For the xDS port those are expected protocol errors, not our faults: this filter turns
 * each into one line on our own logger, at most {@value #BURST} lines per {@value #WINDOW_SECONDS} s (the next line
 * says how many were left out), and lets every other record through untouched.
 */
final class BadConnectionLog implements Filter {

    /** The logger grpc-java's Netty server transport writes "Transport failed" to (its class name + ".connections"). */
    static final String GRPC_TRANSPORT_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections";
    static final int BURST = 10;
    static final int WINDOW_SECONDS = 10;
    private static final int MAX_DETAIL_CHARS = 160;

    private static final Logger LOG = LoggerFactory.getLogger(XdsServer.class);
    // java.util.logging holds loggers weakly: keep this one, or the filter would go with a collected logger.
    private static final java.util.logging.Logger TRANSPORT = java.util.logging.Logger.getLogger(GRPC_TRANSPORT_LOGGER);

    private final Filter next;
    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long leftOut;

    private BadConnectionLog(Filter next) {
        this.next = next;
    }

    /** Puts the filter on grpc's transport logger, once per JVM (keeping any filter already there). */
    static synchronized void install() {
        Filter current = TRANSPORT.getFilter();
        if (!(current instanceof BadConnectionLog)) {
            TRANSPORT.setFilter(new BadConnectionLog(current));
        }
    }

    /** Starts a fresh rate-limit window (tests, which share the JVM-wide filter). */
    static synchronized void resetRateLimit() {
        if (TRANSPORT.getFilter() instanceof BadConnectionLog f) {
            synchronized (f) {
                f.windowStart = Long.MIN_VALUE;
                f.leftOut = 0;
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable t = record.getThrown();
        if (t == null || !expected(t)) {
            return next == null || next.isLoggable(record);
        }
        String line = admit(System.nanoTime());
        if (line != null) {
            LOG.warn("xDS: closed a connection that did not speak gRPC over HTTP/2: {}{}", describe(t), line);
        }
        return false;
    }

    /** A client's protocol error (bad preface, HTTP/1.x, a TLS mismatch, a reset), as opposed to a server bug. */
    static boolean expected(Throwable t) {
        return t instanceof Http2Exception || t instanceof IOException
                || t instanceof DecoderException && t.getCause() instanceof IOException;
    }

    /** Null when the line is rate-limited away; otherwise the note about lines left out before it (maybe empty). */
    private synchronized String admit(long now) {
        if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW_SECONDS * 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= BURST) {
            leftOut++;
            return null;
        }
        inWindow++;
        String note = leftOut == 0 ? "" : " (" + leftOut + " more such connection(s) were not logged)";
        leftOut = 0;
        return note;
    }

    /** The exception's type and message on one line: the message can carry client bytes, so controls are escaped. */
    static String describe(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().strip();
        StringBuilder out = new StringBuilder(t.getClass().getSimpleName());
        if (!m.isEmpty()) {
            out.append(": ");
            for (int i = 0; i < m.length() && i < MAX_DETAIL_CHARS; i++) {
                char c = m.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", (int) c));
                } else {
                    out.append(c);
                }
            }
            if (m.length() > MAX_DETAIL_CHARS) {
                out.append("...");
            }
        }
        return out.toString();
    }
}
