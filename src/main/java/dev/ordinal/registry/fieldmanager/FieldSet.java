package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of field paths kept as a tree, as structured-merge-diff's {@code fieldpath.Set}: the
 * members at this level, and for each path element with deeper members the set below it. A path
 * is in the set when its last element is a member at its level; the elements before it are only
 * the way there. Set operations return new sets and leave their operands alone.
 */
public final class FieldSet {

    private final NavigableSet<PathElement> members = new TreeSet<>();
    private final NavigableMap<PathElement, FieldSet> children = new TreeMap<>();

    public static FieldSet of(FieldPath... paths) {
        FieldSet set = new FieldSet();
        for (FieldPath path : paths) {
            set.insert(path);
        }
        return set;
    }

    public void insert(FieldPath path) {
        List<PathElement> elements = path.elements();
        if (elements.isEmpty()) {
            return;
        }
        FieldSet level = this;
        for (int i = 0; i < elements.size() - 1; i++) {
            level = level.children.computeIfAbsent(elements.get(i), e -> new FieldSet());
        }
        level.members.add(elements.get(elements.size() - 1));
    }

    public boolean has(FieldPath path) {
        List<PathElement> elements = path.elements();
        if (elements.isEmpty()) {
            return false;
        }
        FieldSet level = this;
        for (int i = 0; i < elements.size() - 1; i++) {
            level = level.children.get(elements.get(i));
            if (level == null) {
                return false;
            }
        }
        return level.members.contains(elements.get(elements.size() - 1));
    }

    public boolean isEmpty() {
        return members.isEmpty() && children.values().stream().allMatch(FieldSet::isEmpty);
    }

    NavigableSet<PathElement> members() {
        return members;
    }

    NavigableMap<PathElement, FieldSet> children() {
        return children;
    }

    /** The paths below {@code element}, with {@code element} taken off their front. */
    public FieldSet withPrefix(PathElement element) {
        FieldSet child = children.get(element);
        return child == null ? new FieldSet() : child;
    }

    public FieldSet union(FieldSet other) {
        FieldSet out = new FieldSet();
        out.members.addAll(members);
        out.members.addAll(other.members);
        children.forEach((element, set) -> out.children.put(element, set.copy()));
        other.children.forEach((element, set) -> out.children.merge(element, set.copy(), FieldSet::union));
        return out;
    }

    public FieldSet intersection(FieldSet other) {
        FieldSet out = new FieldSet();
        members.stream().filter(other.members::contains).forEach(out.members::add);
        children.forEach((element, set) -> {
            FieldSet theirs = other.children.get(element);
            if (theirs != null) {
                FieldSet common = set.intersection(theirs);
                if (!common.isEmpty()) {
                    out.children.put(element, common);
                }
            }
        });
        return out;
    }

    /** The paths of this set that are not in {@code other}. */
    public FieldSet difference(FieldSet other) {
        FieldSet out = new FieldSet();
        members.stream().filter(m -> !other.members.contains(m)).forEach(out.members::add);
        children.forEach((element, set) -> {
            FieldSet theirs = other.children.get(element);
            FieldSet rest = theirs == null ? set.copy() : set.difference(theirs);
            if (!rest.isEmpty()) {
                out.children.put(element, rest);
            }
        });
        return out;
    }

    /** As {@link #difference}, and a member of {@code other} also removes everything below it. */
    public FieldSet recursiveDifference(FieldSet other) {
        FieldSet out = new FieldSet();
        members.stream().filter(m -> !other.members.contains(m)).forEach(out.members::add);
        children.forEach((element, set) -> {
            if (other.members.contains(element)) {
                return;
            }
            FieldSet theirs = other.children.get(element);
            FieldSet rest = theirs == null ? set.copy() : set.recursiveDifference(theirs);
            if (!rest.isEmpty()) {
                out.children.put(element, rest);
            }
        });
        return out;
    }

    public FieldSet copy() {
        FieldSet out = new FieldSet();
        out.members.addAll(members);
        children.forEach((element, set) -> out.children.put(element, set.copy()));
        return out;
    }

    /** Every path of the set in order: the members of a level, then the levels below it. */
    public List<FieldPath> paths() {
        List<FieldPath> paths = new ArrayList<>();
        collect(FieldPath.ROOT, paths);
        return paths;
    }

    private void collect(FieldPath prefix, List<FieldPath> paths) {
        members.forEach(member -> paths.add(prefix.child(member)));
        children.forEach((element, set) -> set.collect(prefix.child(element), paths));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet other && paths().equals(other.paths());
    }

    @Override
    public int hashCode() {
        return Objects.hash(paths());
    }

    /** One path a line, as upstream prints a set. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        paths().forEach(p -> lines.add(p.toString()));
        return String.join("\n", lines);
    }

    /** Visits members and children in FieldsV1 order (see {@link FieldsV1}). */
    void forEachEntry(Visitor visitor) {
        TreeSet<PathElement> all = new TreeSet<>(members);
        all.addAll(children.keySet());
        for (PathElement element : all) {
            FieldSet child = children.get(element);
            visitor.visit(element, members.contains(element), child == null || child.isEmpty() ? null : child);
        }
    }

    interface Visitor {
        void visit(PathElement element, boolean member, FieldSet child);
    }
}
