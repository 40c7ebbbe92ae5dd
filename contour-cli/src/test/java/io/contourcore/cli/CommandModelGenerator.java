package io.contourcore.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Writes {@code CommandModels.java}: the picocli models of {@code contour} and {@code contour render} as code, read
 * from their annotations here, so that a render builds its command line without the JVM's annotation machinery
 * (see {@code CommandModels}). The annotations stay the one place the options are declared; {@code
 * CommandModelsTest} fails when the file is not what this writes from them, and writes it anew when run with
 * {@code -Dgolden.update=true}, as the golden files are.
 *
 * <p>Only what those two commands use is written; any other attribute set on one of their options fails here
 * rather than being dropped.
 */
final class CommandModelGenerator {

    static final Path FILE = Path.of("src/main/java/io/contourcore/cli/CommandModels.java");

    private final StringBuilder out = new StringBuilder();
    private final List<Member> members = new ArrayList<>();
    private final List<String> owners = new ArrayList<>();
    /** picocli's standard help options, as code, from the first command that has them. */
    private final List<String> standardHelp = new ArrayList<>();
    private boolean written;

    /** The source of {@code CommandModels.java} for today's annotations. */
    static String source() {
        CommandModelGenerator g = new CommandModelGenerator();
        g.write();
        return g.out.toString();
    }

    private void write() {
        CommandSpec root = new CommandLine(new ContourCommand()).getCommandSpec();
        CommandSpec render = new CommandLine(new RenderCommand()).getCommandSpec();
        StringBuilder body = new StringBuilder();
        command(body, "contour", "ContourCommand", root);
        command(body, "render", "RenderCommand", render);
        line("package io.contourcore.cli;");
        line("");
        line("import picocli.CommandLine;");
        line("import picocli.CommandLine.Model.CommandSpec;");
        line("import picocli.CommandLine.Model.OptionSpec;");
        line("import picocli.CommandLine.Model.PositionalParamSpec;");
        line("");
        line("/**");
        line(" * The picocli models of {@code contour} and {@code contour render}, as code: written by the tests'");
        line(" * {@code CommandModelGenerator} from the commands' annotations, which stay the one place their options are");
        line(" * declared ({@code CommandModelsTest} fails when this file is not what they say). Do not edit it by hand.");
        line(" *");
        line(" * <p>Why: picocli reads annotations through the JVM, which makes a proxy class for each annotation type at");
        line(" * first use, something JDK 17's class-data archive cannot hold: building render's model took ~40 ms of the");
        line(" * main thread from annotations, ~12 ms from code (a harness, 5 runs). Options are bound through one class");
        line(" * ({@link Binding}) rather than a lambda each, which the JVM would link one by one.");
        line(" *");
        line(" * <pre>{@code");
        line(" * CommandLine cl = CommandModels.contour(new ContourCommand());");
        line(" * cl.addSubcommand(\"render\", CommandModels.render(new RenderCommand()));");
        line(" * }</pre>");
        line(" */");
        line("final class CommandModels {");
        line("");
        line("    private CommandModels() {");
        line("    }");
        out.append(body);
        binding();
        line("}");
    }

    private void command(StringBuilder b, String method, String type, CommandSpec spec) {
        StringBuilder s = new StringBuilder();
        s.append("\n    /** {@code ").append(spec.qualifiedName()).append("}, bound to {@code c}. */\n");
        s.append("    static CommandLine ").append(method).append("(").append(type).append(" c) {\n");
        s.append("        CommandSpec s = CommandSpec.wrapWithoutInspection(c);\n");
        s.append("        s.name(").append(lit(spec.name())).append(");\n");
        check(spec.aliases().length == 0, spec, "aliases");
        UsageMessageSpec u = spec.usageMessage();
        UsageMessageSpec plain = CommandSpec.create().usageMessage();
        s.append("        s.usageMessage().description(").append(lits(u.description())).append(")");
        if (!Arrays.equals(u.footer(), plain.footer())) {
            s.append("\n                .footer(").append(lits(u.footer())).append(")");
        }
        s.append(";\n");
        check(Arrays.equals(u.header(), plain.header()) && Objects.equals(u.synopsisHeading(), plain.synopsisHeading())
                && Arrays.equals(u.customSynopsis(), plain.customSynopsis())
                && u.sortOptions() == plain.sortOptions() && u.showDefaultValues() == plain.showDefaultValues()
                && u.hidden() == plain.hidden() && u.abbreviateSynopsis() == plain.abbreviateSynopsis(), spec,
                "usage message attributes other than description and footer");
        if (spec.versionProvider() != null) {
            s.append("        s.versionProvider(new ").append(name(spec.versionProvider().getClass())).append("());\n");
        }
        check(spec.versionProvider() != null || spec.version().length == 0, spec, "version");
        boolean calledHelp = false;
        for (OptionSpec o : spec.options()) {
            if (o.userObject() instanceof Field f && f.getDeclaringClass().getName().startsWith("picocli.")) {
                // picocli's standard -h and -V, the same in every command: written once, in standardHelpOptions.
                if (!calledHelp) {
                    s.append("        standardHelpOptions(s);\n");
                    calledHelp = true;
                }
                if (!written) {
                    standardHelp.add(option(spec, o));
                }
                continue;
            }
            s.append("        s.addOption(").append(option(spec, o)).append(");\n");
        }
        written = !standardHelp.isEmpty();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            s.append("        s.addPositional(").append(positional(spec, p)).append(");\n");
        }
        check(spec.argGroups().isEmpty() && spec.unmatchedArgsBindings().isEmpty(), spec, "arg groups, unmatched");
        Field specField = specField(spec.userObject().getClass());
        if (specField != null) {
            s.append("        c.").append(specField.getName()).append(" = s;\n");
        }
        s.append("        return new CommandLine(s);\n");
        s.append("    }\n");
        b.append(s);
    }

    private String option(CommandSpec spec, OptionSpec o) {
        OptionSpec.Builder d = OptionSpec.builder(o.names());
        OptionSpec.Builder a = o.toBuilder();
        StringBuilder s = new StringBuilder("OptionSpec.builder(").append(lits(a.names())).append(")");
        if (a.usageHelp()) {
            s.append(".usageHelp(true)");
        }
        if (a.versionHelp()) {
            s.append(".versionHelp(true)");
        }
        if (!Objects.equals(a.fallbackValue(), d.fallbackValue())) {
            s.append("\n                .fallbackValue(").append(lit(a.fallbackValue())).append(")");
        }
        check(!a.negatable() && a.order() == d.order() && a.help() == d.help(), spec, o + ": negatable, order, help");
        args(spec, o, a, d, s);
        return s.toString();
    }

    private String positional(CommandSpec spec, PositionalParamSpec p) {
        PositionalParamSpec.Builder d = PositionalParamSpec.builder();
        PositionalParamSpec.Builder a = p.toBuilder();
        StringBuilder s = new StringBuilder("PositionalParamSpec.builder()");
        if (!Objects.equals(a.index(), d.index())) {
            s.append(".index(").append(lit(a.index().originalValue())).append(")");
        }
        args(spec, p, a, d, s);
        return s.toString();
    }

    /**
     * What options and positional parameters share: the attributes set, then the binding. Read from the builders
     * ({@code a} the annotated one, {@code d} a default one), which hold them as declared, before interpolation.
     */
    private void args(CommandSpec spec, ArgSpec arg, Object a, Object d, StringBuilder s) {
        CommandLine.Range arity = get(a, "arity");
        if (!arity.isUnspecified()) {
            s.append(".arity(").append(lit(arity.originalValue())).append(")");
        }
        for (String attribute : List.of("paramLabel", "descriptionKey", "defaultValue", "splitRegex",
                "splitRegexSynopsisLabel")) {
            String value = get(a, attribute);
            if (!Objects.equals(value, get(d, attribute))) {
                s.append('.').append(attribute).append('(').append(lit(value)).append(')');
            }
        }
        if (this.<Boolean>get(a, "hidden")) {
            s.append(".hidden(true)");
        }
        Class<?> type = get(a, "type");
        s.append("\n                .type(").append(name(type)).append(".class)");
        Class<?>[] auxiliary = get(a, "auxiliaryTypes");
        if (auxiliary != null && auxiliary.length > 0 && !(auxiliary.length == 1 && auxiliary[0] == type)) {
            List<String> aux = new ArrayList<>();
            for (Class<?> c : auxiliary) {
                aux.add(name(c) + ".class");
            }
            s.append(".auxiliaryTypes(").append(String.join(", ", aux)).append(")");
        }
        CommandLine.ITypeConverter<?>[] converters = get(a, "converters");
        if (converters != null && converters.length > 0) {
            List<String> cs = new ArrayList<>();
            for (CommandLine.ITypeConverter<?> c : converters) {
                cs.add("new " + name(c.getClass()) + "()");
            }
            s.append(".converters(").append(String.join(", ", cs)).append(")");
        }
        for (String attribute : List.of("required", "interactive", "hideParamSyntax", "inherited")) {
            check(!this.<Boolean>get(a, attribute), spec, arg + ": " + attribute);
        }
        CommandLine.Help.Visibility shown = get(a, "showDefaultValue");
        if (shown != get(d, "showDefaultValue")) {
            s.append(".showDefaultValue(CommandLine.Help.Visibility.").append(shown.name()).append(")");
        }
        for (String attribute : List.of("mapFallbackValue", "completionCandidates",
                "parameterConsumer", "preprocessor", "scopeType")) {
            Object value = get(a, attribute);
            // An annotation's unset preprocessor is picocli's no-op one, which a builder leaves out.
            boolean noOp = value != null && value.getClass().getName().startsWith("picocli.CommandLine$NoOp");
            // An enum's candidates are its constants, which picocli lists for a built model too.
            boolean enumCandidates = attribute.equals("completionCandidates") && type.isEnum()
                    && String.valueOf(value).equals(Arrays.toString(type.getEnumConstants()));
            check(noOp || enumCandidates || Objects.equals(value, get(d, attribute)), spec,
                    arg + ": " + attribute + " " + value);
        }
        String[] description = get(a, "description");
        s.append("\n                .description(").append(lits(description)).append(")");
        Object where = arg.userObject();
        if (where instanceof Field f && f.getDeclaringClass().getName().startsWith("picocli.")) {
            // picocli's standard help options: bound to nothing of ours, as picocli binds them.
            s.append(".initialValue(false)");
        } else if (where instanceof Field f) {
            int n = member(spec, f);
            s.append("\n                .initialValue(").append(owners.get(n)).append('.').append(f.getName()).append(")");
            s.insert(0, "bound(").append(", ").append(owners.get(n)).append(", ").append(n).append(")");
        } else if (where instanceof Method m) {
            int n = member(spec, m);
            s.append("\n                .hasInitialValue(false)");
            s.insert(0, "bound(").append(", ").append(owners.get(n)).append(", ").append(n).append(")");
        } else {
            throw new IllegalStateException(arg + " is bound to " + where);
        }
        s.append(".build()");
    }

    /** The index of {@code m} among the bound members, and where to find its instance from {@code c}. */
    private int member(CommandSpec spec, Member m) {
        Class<?> commandType = spec.userObject().getClass();
        String owner = "c";
        if (m.getDeclaringClass() != commandType) {
            owner = null;
            for (Field f : commandType.getDeclaredFields()) {
                if (f.getType() == m.getDeclaringClass() && f.isAnnotationPresent(CommandLine.Mixin.class)) {
                    owner = "c." + f.getName();
                }
            }
            check(owner != null, spec, m + ": no mixin field holds it");
        }
        members.add(m);
        owners.add(owner);
        return members.size() - 1;
    }

    /** The one getter and setter class: a switch over the members, each a field read and write or a method call. */
    private void binding() {
        if (!standardHelp.isEmpty()) {
            line("");
            line("    /** picocli's {@code -h/--help} and {@code -V/--version}, as {@code mixinStandardHelpOptions} adds them. */");
            line("    private static void standardHelpOptions(CommandSpec s) {");
            for (String o : standardHelp) {
                line("        s.addOption(" + o + ");");
            }
            line("    }");
        }
        line("");
        line("    /** {@code b} bound to member {@code member} of {@code target}: one {@link Binding} reads and writes it. */");
        line("    private static OptionSpec.Builder bound(OptionSpec.Builder b, Object target, int member) {");
        line("        Binding binding = new Binding(target, member);");
        line("        return b.getter(binding).setter(binding);");
        line("    }");
        line("");
        line("    /** {@code b} bound to member {@code member} of {@code target}, as above. */");
        line("    private static PositionalParamSpec.Builder bound(PositionalParamSpec.Builder b, Object target, int member) {");
        line("        Binding binding = new Binding(target, member);");
        line("        return b.getter(binding).setter(binding);");
        line("    }");
        line("");
        line("    /** Reads and writes the field, or calls the method, of option or parameter {@code member} on {@code target}. */");
        line("    private static final class Binding implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {");
        line("        private final Object target;");
        line("        private final int member;");
        line("        /** For a method: the last value given, as picocli's own binding of a method keeps it. */");
        line("        private Object value;");
        line("");
        line("        Binding(Object target, int member) {");
        line("            this.target = target;");
        line("            this.member = member;");
        line("        }");
        line("");
        line("        @Override");
        line("        @SuppressWarnings(\"unchecked\")");
        line("        public <T> T get() {");
        line("            switch (member) {");
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i) instanceof Field f) {
                line("                case " + i + ": return (T) (Object) ((" + name(f.getDeclaringClass()) + ") target)."
                        + f.getName() + ";");
            }
        }
        line("                default: return (T) value;");
        line("            }");
        line("        }");
        line("");
        line("        @Override");
        line("        @SuppressWarnings(\"unchecked\")");
        line("        public <T> T set(T v) {");
        line("            T old = get();");
        line("            switch (member) {");
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            String target = "((" + name(m.getDeclaringClass()) + ") target)";
            if (m instanceof Field f) {
                line("                case " + i + ": " + target + "." + f.getName() + " = (" + boxed(f.getGenericType())
                        + ") v; break;");
            } else {
                Method method = (Method) m;
                line("                case " + i + ": " + target + "." + method.getName() + "(("
                        + boxed(method.getGenericParameterTypes()[0]) + ") v); value = v; break;");
            }
        }
        line("                default: throw new IllegalStateException(\"no member \" + member);");
        line("            }");
        line("            return old;");
        line("        }");
        line("    }");
    }

    /** A builder's attribute, through its public accessor (declared in a class picocli keeps package-private). */
    @SuppressWarnings("unchecked")
    private <T> T get(Object builder, String attribute) {
        try {
            Method m = builder.getClass().getMethod(attribute);
            m.setAccessible(true);
            return (T) m.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(attribute, e);
        }
    }

    private static Field specField(Class<?> type) {
        for (Field f : type.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Spec.class)) {
                return f;
            }
        }
        return null;
    }

    private static String boxed(Type t) {
        if (t == boolean.class) {
            return "Boolean";
        }
        if (t == int.class) {
            return "Integer";
        }
        if (t instanceof Class<?> c) {
            return name(c);
        }
        ParameterizedType p = (ParameterizedType) t;
        List<String> args = new ArrayList<>();
        for (Type a : p.getActualTypeArguments()) {
            args.add(boxed(a));
        }
        return name((Class<?>) p.getRawType()) + "<" + String.join(", ", args) + ">";
    }

    /** A class's name as this package's source writes it. */
    private static String name(Class<?> c) {
        if (c.isPrimitive()) {
            return c.getName();
        }
        String n = c.getCanonicalName();
        if (n.startsWith("io.contourcore.cli.")) {
            return n.substring("io.contourcore.cli.".length());
        }
        return n.startsWith("java.lang.") && n.indexOf('.', "java.lang.".length()) < 0 ? n.substring(10) : n;
    }

    private static void check(boolean ok, CommandSpec spec, String what) {
        if (!ok) {
            throw new IllegalStateException(spec.qualifiedName() + ": " + what
                    + " is set, which CommandModelGenerator does not write yet");
        }
    }

    private static String lits(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add(lit(v));
        }
        return out.size() <= 1 ? String.join(", ", out)
                : "\n                        " + String.join(",\n                        ", out);
    }

    private static String lit(String v) {
        if (v == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("\"");
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> s.append(ch);
            }
        }
        return s.append('"').toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
