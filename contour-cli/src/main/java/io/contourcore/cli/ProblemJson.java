package io.contourcore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.status.Status;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Location;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.Problem;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.ProtoText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report of {@code -o json} (render, status): every load problem, warning and {@code --strict}
 * finding as one object with a stable {@code code}, all in one JSON document on stderr (stdout keeps the output).
 *
 * <pre>{@code
 * {"problems": [{"severity": "error", "code": "wrong-type", "file": "app.yaml", "line": 12, "column": 15,
 *                "kind": "Ingress", "namespace": "default", "name": "web",
 *                "message": "spec.rules[0].host: expected a string, got an integer; quote it"}],
 *  "errors": 1, "warnings": 0}
 * }</pre>
 *
 * <p>The codes (README "Machine-readable problems") are derived from the problem's class, never from its wording
 * alone changing: a test pins one example of each.
 */
final class ProblemJson {

    /** Every code this report uses, for the README table and the test that pins them. */
    enum Code {
        CANNOT_READ("cannot-read"),
        SYNTAX("syntax"),
        NOT_AN_OBJECT("not-an-object"),
        DUPLICATE_OBJECT("duplicate-object"),
        WRONG_TYPE("wrong-type"),
        MISSING_FIELD("missing-field"),
        UNKNOWN_FIELD("unknown-field"),
        INVALID_VALUE("invalid-value"),
        SKIPPED_OBJECT("skipped-object"),
        NOT_TRANSLATED("not-translated"),
        NOT_OURS("not-ours"),
        NOT_APPLIED("not-applied"),
        WARNING("warning"),
        CONFIG_ERROR("config-error"),
        CONFIG_NOT_APPLICABLE("config-not-applicable"),
        OBJECT_INVALID("object-invalid"),
        OBJECT_ORPHANED("object-orphaned"),
        OBJECT_NOT_ACCEPTED("object-not-accepted"),
        CANNOT_WRITE("cannot-write"),
        INTERNAL_ERROR("internal-error");

        final String text;

        Code(String text) {
            this.text = text;
        }
    }

    private final ArrayNode problems = ProtoText.JSON.createArrayNode();
    private int errors;
    private int warnings;

    /** The class of a load error: how it would have to be fixed. */
    static Code errorCode(Problem p) {
        String m = p.message();
        if (m.startsWith("cannot read")) {
            return Code.CANNOT_READ;
        }
        if (m.startsWith("expected a Kubernetes object")) {
            return Code.NOT_AN_OBJECT;
        }
        if (m.startsWith("duplicate object")) {
            return Code.DUPLICATE_OBJECT;
        }
        if (p.object().isEmpty()) {
            // only the parsers report outside an object: the text is not YAML or JSON
            return Code.SYNTAX;
        }
        if (m.contains("unknown field")) {
            return Code.UNKNOWN_FIELD;
        }
        if (m.contains("missing required field") || m.endsWith(" is required") || m.contains("must be defined")
                || m.contains("must be specified")) {
            return Code.MISSING_FIELD;
        }
        if (m.matches("(?s)(.*: )?expected an? [^,]+, got .*")) {
            return Code.WRONG_TYPE;
        }
        return Code.INVALID_VALUE;
    }

    /** The class of a load warning. */
    static Code warningCode(Problem p) {
        if (p.message().endsWith(LoadResult.NOT_TRANSLATED)) {
            return Code.NOT_TRANSLATED;
        }
        if (p.message().endsWith("skipped")) {
            return Code.SKIPPED_OBJECT;
        }
        return Code.WARNING;
    }

    /** The load's errors and warnings. */
    void load(LoadResult r) {
        r.errors().forEach(p -> problem("error", errorCode(p), p));
        r.warnings().forEach(p -> problem("warning", warningCode(p), p));
    }

    void problem(String severity, Code code, Problem p) {
        ObjectNode o = add(severity, code);
        Location at = p.location();
        o.put("file", at.file());
        o.put("line", at.line());
        o.put("column", at.column());
        object(o, p.object());
        o.put("message", p.message());
    }

    /** A line about no particular object, e.g. the configuration file's. */
    void line(String severity, Code code, String message) {
        add(severity, code).put("message", message);
    }

    /**
     * An object upstream Contour would mark invalid or orphaned (a {@code --strict} finding), at the place the
     * object was read.
     */
    void status(Status s, Map<ObjectRef, Location> where) {
        String current = s.currentStatus();
        Code code = switch (current) {
            case "invalid" -> Code.OBJECT_INVALID;
            case "orphaned" -> Code.OBJECT_ORPHANED;
            default -> Code.OBJECT_NOT_ACCEPTED;
        };
        ObjectNode o = add("error", code);
        Location at = where.get(s.ref());
        if (at != null) {
            o.put("file", at.file());
            o.put("line", at.line());
            o.put("column", at.column());
        }
        o.put("kind", s.ref().kind().kindName());
        o.put("namespace", s.ref().namespace());
        o.put("name", s.ref().name());
        o.put("message", StatusView.describe(s).substring(s.ref().toString().length() + 2));
    }

    /** Where each loaded object was written. */
    static Map<ObjectRef, Location> locations(List<K8sObject> objects) {
        Map<ObjectRef, Location> out = new HashMap<>();
        for (K8sObject o : objects) {
            out.put(o.ref(), o.metadata().location());
        }
        return out;
    }

    int errors() {
        return errors;
    }

    /** {@code {"problems": [...], "errors": N, "warnings": M}} with a final newline. */
    String text() {
        ObjectNode doc = ProtoText.JSON.createObjectNode();
        doc.set("problems", problems);
        doc.put("errors", errors);
        doc.put("warnings", warnings);
        return ProtoText.jsonText(doc);
    }

    private ObjectNode add(String severity, Code code) {
        if (severity.equals("error")) {
            errors++;
        } else {
            warnings++;
        }
        ObjectNode o = problems.addObject();
        o.put("severity", severity);
        o.put("code", code.text);
        return o;
    }

    /** {@code KIND NAMESPACE/NAME} (or {@code KIND NAME} for cluster-scoped kinds) split into its fields. */
    private static void object(ObjectNode o, String object) {
        if (object.isEmpty()) {
            return;
        }
        int space = object.indexOf(' ');
        String kind = space < 0 ? object : object.substring(0, space);
        String rest = space < 0 ? "" : object.substring(space + 1);
        int slash = rest.indexOf('/');
        o.put("kind", kind);
        o.put("namespace", slash < 0 ? "" : rest.substring(0, slash));
        o.put("name", slash < 0 ? rest : rest.substring(slash + 1));
    }

    /**
     * One command run in {@code -o json} mode: the steps print their text to {@link #quiet()}, which keeps it, and
     * the report is written to stderr once, by {@link #finish}.
     *
     * <pre>{@code
     * ProblemJson.Run report = new ProblemJson.Run(input, err);
     * Optional<LoadResult> loaded = input.load(stdin, report.quiet());
     * report.loaded();
     * if (loaded.isEmpty()) return report.finish(2);
     * }</pre>
     */
    static final class Run {
        private final InputOptions input;
        private final PrintWriter err;
        private final StringWriter kept = new StringWriter();
        private final PrintWriter quiet = new PrintWriter(kept);
        final ProblemJson report = new ProblemJson();

        Run(InputOptions input, PrintWriter err) {
            this.input = input;
            this.err = err;
        }

        /** Where the steps print what the text mode would show. */
        PrintWriter quiet() {
            return quiet;
        }

        /** The configuration file could not be read: its lines, each a config error. */
        int configFailed() {
            quiet.flush();
            kept.toString().lines().filter(l -> !l.isBlank()).forEach(l -> report.line("error", Code.CONFIG_ERROR, l));
            return finish(2);
        }

        /** Takes what the input's last load found. */
        void loaded() {
            if (input.lastLoad != null) {
                report.load(input.lastLoad);
            }
        }

        /** The configuration does not apply to the objects. */
        int settingsFailed(Engine.Result result) {
            input.settingsErrors(result).forEach(l -> report.line("error", Code.CONFIG_NOT_APPLICABLE, l));
            return finish(2);
        }

        /** The Gateway API objects left out as another Gateway's or controller's, and policies not applied. */
        void built(Engine.Result result) {
            result.build().notOurs().forEach(p -> report.problem("warning", Code.NOT_OURS, p));
            result.build().notApplied().forEach(p -> report.problem("warning", Code.NOT_APPLIED, p));
        }

        /** The objects upstream would mark invalid or orphaned. */
        void statuses(List<? extends Status> problems, LoadResult loaded) {
            if (!problems.isEmpty()) {
                Map<ObjectRef, Location> where = locations(loaded.resources().all());
                problems.forEach(s -> report.status(s, where));
            }
        }

        /** Writes the report on stderr and answers {@code code}. */
        int finish(int code) {
            err.print(report.text());
            err.flush();
            return code;
        }
    }
}
