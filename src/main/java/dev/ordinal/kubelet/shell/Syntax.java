package dev.ordinal.kubelet.shell;

import java.util.List;

/**
 * The syntax tree of a shell script, after the grammar of POSIX's Shell Command Language
 * (XCU 2.10): lists of and-or lists of pipelines of commands, each command a simple command or a
 * compound one (subshell, group, if, for, while, until), with its redirections; words as the
 * parts that expansion turns into fields.
 */
final class Syntax {

    private Syntax() {
    }

    sealed interface Command permits Simple, Subshell, Group, If, For, Loop {
    }

    /** Items separated by {@code ;}, {@code &} or newlines; {@code background} per item. */
    record CommandList(List<AndOr> items) {
    }

    /** {@code first (&& | ||) ...}: {@code operators.get(i)} joins pipeline i and i+1. */
    record AndOr(List<Pipeline> pipelines, List<String> operators, boolean background) {
    }

    record Pipeline(List<Command> commands, boolean negated) {
    }

    record Simple(List<Assignment> assignments, List<Word> words, List<Redirect> redirects) implements Command {
    }

    record Subshell(CommandList body, List<Redirect> redirects) implements Command {
    }

    record Group(CommandList body, List<Redirect> redirects) implements Command {
    }

    /** {@code if c1; then b1; elif c2; then b2; else e; fi}: conditions and bodies pairwise. */
    record If(List<CommandList> conditions, List<CommandList> bodies, CommandList otherwise,
              List<Redirect> redirects) implements Command {
    }

    /** {@code for name in words; do body; done}; {@code words} null means the positional parameters. */
    record For(String name, List<Word> words, CommandList body, List<Redirect> redirects) implements Command {
    }

    /** {@code while}/{@code until condition; do body; done}. */
    record Loop(boolean until, CommandList condition, CommandList body, List<Redirect> redirects)
            implements Command {
    }

    record Assignment(String name, Word value) {
    }

    /** {@code [fd]op target}; op is one of {@code < > >> >| <& >& <>}; {@code fd} -1 for the default. */
    record Redirect(int fd, String operator, Word target) {
    }

    /** A word: the parts its characters were, in order. */
    record Word(List<Part> parts) {
    }

    sealed interface Part permits Literal, Parameter, CommandSubstitution, Arithmetic {
        boolean quoted();
    }

    record Literal(String text, boolean quoted) implements Part {
    }

    /**
     * {@code $name}, {@code ${name}} or {@code ${name op word}} with op one of
     * {@code :- - := = :+ + :? ? # ## % %%}, or {@code ${#name}} (op {@code length}).
     */
    record Parameter(String name, String operator, Word argument, boolean quoted) implements Part {
    }

    record CommandSubstitution(CommandList body, boolean quoted) implements Part {
    }

    record Arithmetic(String expression, boolean quoted) implements Part {
    }
}
