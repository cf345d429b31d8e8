package dev.ordinal.registry.cel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.ordinal.machinery.Formats;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/**
 * Upstream's {@code library.Format}: {@code format.dns1123Label().validate(s)} and its siblings give
 * {@code optional.none()} for a valid value, else the messages upstream's name validation gives;
 * {@code format.named(name)} looks a format up by name. The {@code ...Prefix} formats validate a
 * generateName prefix, whose trailing dash is allowed, as upstream's {@code NameIsDNSLabel(s, true)}.
 */
final class FormatLibrary implements CelLibrary {

    static final OpaqueType FORMAT = OpaqueType.create("kubernetes.NamedFormat");

    /** One named format and its validation. */
    record NamedFormat(String name, Function<String, List<String>> validation) {
    }

    private static final Map<String, NamedFormat> FORMATS = new LinkedHashMap<>();

    static {
        register("dns1123Label", Formats::dns1123Label);
        register("dns1123Subdomain", Formats::dns1123Subdomain);
        register("dns1035Label", Formats::dns1035Label);
        register("qualifiedName", Formats::qualifiedName);
        register("dns1123LabelPrefix", value -> Formats.dns1123Label(maskTrailingDash(value)));
        register("dns1123SubdomainPrefix", value -> Formats.dns1123Subdomain(maskTrailingDash(value)));
        register("dns1035LabelPrefix", value -> Formats.dns1035Label(maskTrailingDash(value)));
        register("labelValue", Formats::labelValue);
    }

    private static void register(String name, Function<String, List<String>> validation) {
        FORMATS.put(name, new NamedFormat(name, validation));
    }

    private static String maskTrailingDash(String value) {
        return value.length() > 1 && value.endsWith("-") ? value.substring(0, value.length() - 1) + "a" : value;
    }

    @Override
    public List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> declarations = new java.util.ArrayList<>();
        FORMATS.keySet().forEach(name -> declarations.add(CelFunctionDecl.newFunctionDeclaration("format." + name,
                newGlobalOverload("format_" + name, FORMAT))));
        declarations.add(CelFunctionDecl.newFunctionDeclaration("format.named",
                newGlobalOverload("format_named", OptionalType.create(FORMAT), SimpleType.STRING)));
        declarations.add(CelFunctionDecl.newFunctionDeclaration("validate", newMemberOverload("format_validate",
                OptionalType.create(ListType.create(SimpleType.STRING)), FORMAT, SimpleType.STRING)));
        return declarations;
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        List<CelFunctionBinding> bindings = new java.util.ArrayList<>();
        FORMATS.forEach((name, format) -> bindings.add(
                CelFunctionBinding.from("format_" + name, List.of(), args -> format)));
        bindings.add(CelFunctionBinding.from("format_named", String.class,
                name -> Optional.ofNullable(FORMATS.get(name))));
        bindings.add(CelFunctionBinding.from("format_validate", NamedFormat.class, String.class, (format, value) -> {
            List<String> errors = format.validation().apply(value);
            return errors.isEmpty() ? Optional.empty() : Optional.of(errors);
        }));
        return bindings;
    }
}
