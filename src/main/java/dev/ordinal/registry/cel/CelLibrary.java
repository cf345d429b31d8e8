package dev.ordinal.registry.cel;

import java.util.List;

import dev.cel.common.CelFunctionDecl;
import dev.cel.runtime.CelFunctionBinding;

/** A set of functions an environment declares to the compiler and binds for the runtime, as upstream's {@code cel.Lib}. */
interface CelLibrary {

    List<CelFunctionDecl> declarations();

    List<CelFunctionBinding> bindings();
}
