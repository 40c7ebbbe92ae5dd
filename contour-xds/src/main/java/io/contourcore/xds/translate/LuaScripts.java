package io.contourcore.xds.translate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two Lua programs upstream Contour sends to Envoy, byte for byte: the cookie-rewrite response filter and the
 * misdirected-request (421) check of per-host HTTPS connection managers.
 */
final class LuaScripts {

    static final String COOKIE_REWRITE_NAME = "cookie_rewrite.lua";

    /** Upstream's Go raw string starts with a newline after the backtick. */
    static final String COOKIE_REWRITE = "\n" + read("cookie_rewrite.lua");

    /** Upstream's raw string also ends with the tab that indents its closing backtick. */
    static final String MISDIRECTED_REQUEST = "\n" + read("misdirected_request.lua") + "\t";

    private LuaScripts() {}

    private static String read(String name) {
        try (InputStream in = LuaScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
