package dev.ordinal.registry.cel;

import java.util.List;

import com.google.common.primitives.UnsignedLong;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;

import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/**
 * Upstream's {@code library.Lists}: {@code isSorted}, {@code sum}, {@code min}, {@code max},
 * {@code indexOf} and {@code lastIndexOf} on lists of comparable values.
 */
final class ListsLibrary implements CelLibrary {

    private static final TypeParamType A = TypeParamType.create("A");
    private static final CelType LIST_A = ListType.create(A);

    @Override
    public List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("isSorted",
                        newMemberOverload("list_a_is_sorted_bool", SimpleType.BOOL, LIST_A)),
                CelFunctionDecl.newFunctionDeclaration("sum",
                        newMemberOverload("list_int_sum_int", SimpleType.INT, ListType.create(SimpleType.INT)),
                        newMemberOverload("list_uint_sum_uint", SimpleType.UINT, ListType.create(SimpleType.UINT)),
                        newMemberOverload("list_double_sum_double", SimpleType.DOUBLE,
                                ListType.create(SimpleType.DOUBLE))),
                CelFunctionDecl.newFunctionDeclaration("min", newMemberOverload("list_a_min_a", A, LIST_A)),
                CelFunctionDecl.newFunctionDeclaration("max", newMemberOverload("list_a_max_a", A, LIST_A)),
                CelFunctionDecl.newFunctionDeclaration("indexOf",
                        newMemberOverload("list_a_index_of_int", SimpleType.INT, LIST_A, A)),
                CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
                        newMemberOverload("list_a_last_index_of_int", SimpleType.INT, LIST_A, A)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("list_a_is_sorted_bool", List.class, ListsLibrary::isSorted),
                CelFunctionBinding.from("list_int_sum_int", List.class, list -> sumLongs(list)),
                CelFunctionBinding.from("list_uint_sum_uint", List.class, ListsLibrary::sumUnsigned),
                CelFunctionBinding.from("list_double_sum_double", List.class, ListsLibrary::sumDoubles),
                CelFunctionBinding.from("list_a_min_a", List.class, list -> extreme(list, -1, "min")),
                CelFunctionBinding.from("list_a_max_a", List.class, list -> extreme(list, 1, "max")),
                CelFunctionBinding.from("list_a_index_of_int", List.class, Object.class,
                        (list, value) -> (long) list.indexOf(value)),
                CelFunctionBinding.from("list_a_last_index_of_int", List.class, Object.class,
                        (list, value) -> (long) list.lastIndexOf(value)));
    }

    private static boolean isSorted(List<?> list) throws CelEvaluationException {
        for (int i = 1; i < list.size(); i++) {
            if (compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static long sumLongs(List<?> list) {
        long sum = 0;
        for (Object value : list) {
            sum = Math.addExact(sum, (Long) value);
        }
        return sum;
    }

    private static UnsignedLong sumUnsigned(List<?> list) {
        UnsignedLong sum = UnsignedLong.ZERO;
        for (Object value : list) {
            sum = sum.plus((UnsignedLong) value);
        }
        return sum;
    }

    private static double sumDoubles(List<?> list) {
        double sum = 0;
        for (Object value : list) {
            sum += (Double) value;
        }
        return sum;
    }

    private static Object extreme(List<?> list, int sign, String name) throws CelEvaluationException {
        if (list.isEmpty()) {
            throw LibraryErrors.error(name + " called on empty list");
        }
        Object best = list.get(0);
        for (Object value : list) {
            if (compare(value, best) * sign > 0) {
                best = value;
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object left, Object right) throws CelEvaluationException {
        if (left instanceof Comparable comparable && left.getClass() == right.getClass()) {
            return comparable.compareTo(right);
        }
        throw LibraryErrors.error("no such overload");
    }
}
