package dev.ordinal.registry.cel;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Quantity;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/**
 * Upstream's {@code library.Quantity}: resource quantities ({@code 500m}, {@code 1Gi}) parsed as
 * {@code resource.ParseQuantity} does, compared and added exactly.
 */
final class QuantityLibrary implements CelLibrary {

    static final OpaqueType QUANTITY = OpaqueType.create("kubernetes.Quantity");

    private static final String FORMAT = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
    private static final Pattern PATTERN = Pattern.compile(FORMAT);

    /** A quantity's exact amount; equal amounts are equal whatever their suffixes. */
    record QuantityValue(BigDecimal amount) {
        QuantityValue {
            amount = amount.stripTrailingZeros();
        }
    }

    @Override
    public List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("quantity",
                        newGlobalOverload("string_to_quantity", QUANTITY, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isQuantity",
                        newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("sign", newMemberOverload("quantity_sign", SimpleType.INT, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isInteger",
                        newMemberOverload("quantity_is_integer", SimpleType.BOOL, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asInteger",
                        newMemberOverload("quantity_get_integer", SimpleType.INT, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asApproximateFloat",
                        newMemberOverload("quantity_get_float", SimpleType.DOUBLE, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("add",
                        newMemberOverload("quantity_add", QUANTITY, QUANTITY, QUANTITY),
                        newMemberOverload("quantity_add_int", QUANTITY, QUANTITY, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration("sub",
                        newMemberOverload("quantity_sub", QUANTITY, QUANTITY, QUANTITY),
                        newMemberOverload("quantity_sub_int", QUANTITY, QUANTITY, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan",
                        newMemberOverload("quantity_is_greater_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan",
                        newMemberOverload("quantity_is_less_than", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("compareTo",
                        newMemberOverload("quantity_compare_to", SimpleType.INT, QUANTITY, QUANTITY)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_quantity", String.class, text -> parse(text).orElseThrow(() ->
                        LibraryErrors.error("quantities must match the regular expression '" + FORMAT + "'"))),
                CelFunctionBinding.from("is_quantity_string", String.class, text -> parse(text).isPresent()),
                CelFunctionBinding.from("quantity_sign", QuantityValue.class, q -> (long) q.amount().signum()),
                CelFunctionBinding.from("quantity_is_integer", QuantityValue.class, QuantityLibrary::isInteger),
                CelFunctionBinding.from("quantity_get_integer", QuantityValue.class, q -> {
                    if (!isInteger(q)) {
                        throw LibraryErrors.error("cannot convert value to integer");
                    }
                    return q.amount().longValueExact();
                }),
                CelFunctionBinding.from("quantity_get_float", QuantityValue.class, q -> q.amount().doubleValue()),
                CelFunctionBinding.from("quantity_add", QuantityValue.class, QuantityValue.class,
                        (a, b) -> new QuantityValue(a.amount().add(b.amount()))),
                CelFunctionBinding.from("quantity_add_int", QuantityValue.class, Long.class,
                        (a, b) -> new QuantityValue(a.amount().add(BigDecimal.valueOf(b)))),
                CelFunctionBinding.from("quantity_sub", QuantityValue.class, QuantityValue.class,
                        (a, b) -> new QuantityValue(a.amount().subtract(b.amount()))),
                CelFunctionBinding.from("quantity_sub_int", QuantityValue.class, Long.class,
                        (a, b) -> new QuantityValue(a.amount().subtract(BigDecimal.valueOf(b)))),
                CelFunctionBinding.from("quantity_is_greater_than", QuantityValue.class, QuantityValue.class,
                        (a, b) -> a.amount().compareTo(b.amount()) > 0),
                CelFunctionBinding.from("quantity_is_less_than", QuantityValue.class, QuantityValue.class,
                        (a, b) -> a.amount().compareTo(b.amount()) < 0),
                CelFunctionBinding.from("quantity_compare_to", QuantityValue.class, QuantityValue.class,
                        (a, b) -> (long) Integer.signum(a.amount().compareTo(b.amount()))));
    }

    /** Whether the amount is whole and fits an int64, as upstream's {@code AsInt64} requires. */
    private static boolean isInteger(QuantityValue q) {
        try {
            q.amount().longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    static Optional<QuantityValue> parse(String text) {
        if (!PATTERN.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new QuantityValue(new Quantity(text).getNumericalAmount()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
