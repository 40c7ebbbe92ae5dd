package io.contourcore.model.yaml;

/**
 * Bounds that keep a hostile or broken input from exhausting memory or time. The defaults are far above any real
 * manifest; tests pass smaller ones to prove each bound.
 *
 * <pre>{@code
 * Limits.DEFAULT.maxDepth(); // 100
 * }</pre>
 *
 * @param maxBytes largest file (or standard input) read, in bytes
 * @param maxCodePoints largest YAML stream snakeyaml scans, in code points
 * @param maxDepth deepest nesting of maps and lists, counted after aliases are followed
 * @param maxCollectionAliases most aliases to lists or maps in one YAML stream
 * @param maxAliasExpansion most nodes one document may gain by following aliases
 */
record Limits(int maxBytes, int maxCodePoints, int maxDepth, int maxCollectionAliases, int maxAliasExpansion) {

    static final Limits DEFAULT = new Limits(64 << 20, 64 << 20, 100, 50, 100_000);

    Limits {
        if (maxBytes < 1 || maxCodePoints < 1 || maxDepth < 1 || maxCollectionAliases < 0 || maxAliasExpansion < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
