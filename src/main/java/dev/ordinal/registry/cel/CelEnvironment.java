package dev.ordinal.registry.cel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;

/**
 * A CEL environment as upstream's {@code environment.MustBaseEnvSet} builds it for a v1.32 server's
 * new expressions (compatibility version 1.31): the standard library and macros, cross-type numeric
 * comparison, optional types, the strings extension (version 2, with {@code format} but without
 * {@code reverse}, which cel-go's strings library does not have), sets, and the Kubernetes libraries.
 * Two-variable comprehensions are absent: upstream admits them only in expressions already stored.
 * Each user of CEL declares its own variables (self and oldSelf for a schema rule, object and
 * request for an admission policy) on top.
 */
public final class CelEnvironment {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableOptionalSyntax(true)
            .enableRegexPartialMatch(true)
            .enableTimestampEpoch(true)
            .enableUnsignedLongs(true)
            .build();

    private static final List<CelLibrary> KUBERNETES_LIBRARIES = List.of(new ListsLibrary(), new RegexLibrary(),
            new UrlsLibrary(), new QuantityLibrary(), new IpLibrary(), new FormatLibrary(), new StringFormatLibrary());

    private static final Pattern PARSE_ISSUE = Pattern.compile("(?m)^(ERROR: <input>:\\d+:\\d+: )");

    private final Cel cel;

    private CelEnvironment(Cel cel) {
        this.cel = cel;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses and checks an expression. Compile errors carry cel-go's text, which upstream quotes after
     * {@code compilation failed: }.
     */
    public CompiledExpression compile(String expression) throws CelCompileException {
        try {
            cel.parse(expression).getAst();
        } catch (CelValidationException e) {
            // cel-go words every parser issue "Syntax error: ...", which cel-java leaves out.
            throw new CelCompileException(PARSE_ISSUE.matcher(e.getMessage()).replaceAll("$1Syntax error: "));
        }
        try {
            CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
            return new CompiledExpression(expression, ast.getResultType(), cel.createProgram(ast), ast.getExpr());
        } catch (CelValidationException e) {
            throw new CelCompileException(e.getMessage());
        } catch (CelEvaluationException e) {
            throw new CelCompileException("program instantiation failed: " + e.getMessage());
        }
    }

    /** The variables and object types an environment declares besides the libraries. */
    public static final class Builder {

        private final Map<String, CelType> variables = new LinkedHashMap<>();
        private final List<CelType> types = new ArrayList<>();

        public Builder variable(String name, CelType type) {
            variables.put(name, type);
            return this;
        }

        /** Declares named object types (the struct types of a schema) so that field selection is checked. */
        public Builder types(List<? extends CelType> declared) {
            types.addAll(declared);
            return this;
        }

        public CelEnvironment build() {
            CelBuilder builder = CelFactory.standardCelBuilder()
                    .setOptions(OPTIONS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                    .addCompilerLibraries(CelExtensions.optional(), strings(), CelExtensions.sets(OPTIONS))
                    .addRuntimeLibraries(CelExtensions.optional(), strings(), CelExtensions.sets(OPTIONS));
            for (CelLibrary library : KUBERNETES_LIBRARIES) {
                builder.addFunctionDeclarations(library.declarations()).addFunctionBindings(library.bindings());
            }
            variables.forEach(builder::addVar);
            if (!types.isEmpty()) {
                ImmutableList<CelType> declared = ImmutableList.copyOf(types);
                builder.setTypeProvider(new CelTypeProvider() {
                    @Override
                    public ImmutableCollection<CelType> types() {
                        return declared;
                    }

                    @Override
                    public Optional<CelType> findType(String typeName) {
                        return declared.stream().filter(type -> type.name().equals(typeName)).findFirst();
                    }
                });
            }
            return new CelEnvironment(builder.build());
        }

        private static CelStringExtensions strings() {
            return CelExtensions.strings(CelStringExtensions.Function.CHAR_AT, CelStringExtensions.Function.INDEX_OF,
                    CelStringExtensions.Function.JOIN, CelStringExtensions.Function.LAST_INDEX_OF,
                    CelStringExtensions.Function.LOWER_ASCII, CelStringExtensions.Function.REPLACE,
                    CelStringExtensions.Function.SPLIT, CelStringExtensions.Function.SUBSTRING,
                    CelStringExtensions.Function.TRIM, CelStringExtensions.Function.UPPER_ASCII,
                    CelStringExtensions.Function.QUOTE);
        }
    }
}
