package io.sorarelay.domain;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords too common to give a new account, compared case-insensitively. The domain reads no file: the list is
 * handed in (the application bundles one, {@code AuthSettings.defaults()}).
 */
public final class CommonPasswords {
    public static final CommonPasswords NONE = new CommonPasswords(Set.of());

    private final Set<String> lowerCased;

    private CommonPasswords(Set<String> lowerCased) { this.lowerCased = lowerCased; }

    public static CommonPasswords of(Collection<String> passwords) {
        Set<String> s = new HashSet<>();
        for (String p : passwords) s.add(p.toLowerCase(Locale.ROOT));
        return new CommonPasswords(Set.copyOf(s));
    }

    public boolean contains(String password) { return lowerCased.contains(password.toLowerCase(Locale.ROOT)); }

    public int size() { return lowerCased.size(); }
}
