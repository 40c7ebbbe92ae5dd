package io.contourcore.xds.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A mutable, ordered multimap of lower-cased header names, as Envoy's header maps behave for routing. */
final class HeaderMap {

    private final List<Header> entries = new ArrayList<>();

    HeaderMap() {}

    HeaderMap(List<Header> initial) {
        entries.addAll(initial);
    }

    HeaderMap copy() {
        return new HeaderMap(entries);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    List<String> all(String name) {
        String k = key(name);
        List<String> out = new ArrayList<>();
        for (Header h : entries) {
            if (h.name().equals(k)) {
                out.add(h.value());
            }
        }
        return out;
    }

    boolean has(String name) {
        return !all(name).isEmpty();
    }

    Optional<String> first(String name) {
        List<String> a = all(name);
        return a.isEmpty() ? Optional.empty() : Optional.of(a.get(0));
    }

    String firstOrEmpty(String name) {
        return first(name).orElse("");
    }

    /** All values joined with {@code ,}, as Envoy's matchers read a repeated header; empty when absent. */
    Optional<String> joined(String name) {
        List<String> a = all(name);
        return a.isEmpty() ? Optional.empty() : Optional.of(String.join(",", a));
    }

    void add(String name, String value) {
        entries.add(new Header(name, value));
    }

    /** Replaces the first value in place and drops the others, or appends when absent. */
    void set(String name, String value) {
        String k = key(name);
        int at = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equals(k)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            add(name, value);
            return;
        }
        entries.set(at, new Header(k, value));
        for (int i = entries.size() - 1; i > at; i--) {
            if (entries.get(i).name().equals(k)) {
                entries.remove(i);
            }
        }
    }

    void remove(String name) {
        String k = key(name);
        entries.removeIf(h -> h.name().equals(k));
    }

    List<Header> list() {
        return List.copyOf(entries);
    }
}
