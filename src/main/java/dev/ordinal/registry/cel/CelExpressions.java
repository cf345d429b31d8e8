package dev.ordinal.registry.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableExpr;

/** Questions about a checked expression's syntax tree. */
final class CelExpressions {

    private CelExpressions() {
    }

    static boolean referencesIdentifier(CelExpr root, String name) {
        return CelNavigableExpr.fromExpr(root).allNodes()
                .map(CelNavigableExpr::expr)
                .anyMatch(expr -> expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(name));
    }
}
