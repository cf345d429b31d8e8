package dev.ordinal.registry.cel;

import java.util.ArrayList;
import java.util.List;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;

import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/** Upstream's {@code library.Regex}: {@code find} and {@code findAll}, with RE2 semantics as Go's regexp. */
final class RegexLibrary implements CelLibrary {

    @Override
    public List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("find",
                        newMemberOverload("string_find_string", SimpleType.STRING, SimpleType.STRING,
                                SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("findAll",
                        newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                                SimpleType.STRING, SimpleType.STRING),
                        newMemberOverload("string_find_all_string_int", ListType.create(SimpleType.STRING),
                                SimpleType.STRING, SimpleType.STRING, SimpleType.INT)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_find_string", String.class, String.class, (text, regex) -> {
                    Matcher matcher = compile(regex).matcher(text);
                    return matcher.find() ? matcher.group() : "";
                }),
                CelFunctionBinding.from("string_find_all_string", String.class, String.class,
                        (text, regex) -> findAll(text, regex, -1)),
                CelFunctionBinding.from("string_find_all_string_int", List.of(String.class, String.class, Long.class),
                        args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
    }

    private static List<String> findAll(String text, String regex, long limit) throws CelEvaluationException {
        List<String> matches = new ArrayList<>();
        Matcher matcher = compile(regex).matcher(text);
        while ((limit < 0 || matches.size() < limit) && matcher.find()) {
            matches.add(matcher.group());
        }
        return matches;
    }

    private static Pattern compile(String regex) throws CelEvaluationException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw LibraryErrors.error("error parsing regexp: " + e.getDescription());
        }
    }
}
