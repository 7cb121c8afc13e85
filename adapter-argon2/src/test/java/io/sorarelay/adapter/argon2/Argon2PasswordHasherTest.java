package io.sorarelay.adapter.argon2;

import io.sorarelay.domain.Password;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Argon2id in PHC form: the right password matches, a wrong one or a mangled hash does not, parameters travel with the hash. */
class Argon2PasswordHasherTest {
    private final Argon2PasswordHasher cheap = new Argon2PasswordHasher(1024, 1, 1);

    @Test
    void a_hash_matches_its_password_only() {
        String stored = cheap.hash(new Password("correct horse"));
        assertThat(stored).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(cheap.matches(new Password("correct horse"), stored)).isTrue();
        assertThat(cheap.matches(new Password("correct horsf"), stored)).isFalse();
    }

    @Test
    void every_hash_has_its_own_salt() {
        assertThat(cheap.hash(new Password("same password"))).isNotEqualTo(cheap.hash(new Password("same password")));
    }

    @Test
    void verification_reads_the_parameters_from_the_stored_hash() {
        String stored = new Argon2PasswordHasher(2048, 2, 1).hash(new Password("raised later"));
        assertThat(cheap.matches(new Password("raised later"), stored)).isTrue();
    }

    @Test
    void a_malformed_hash_never_matches() {
        assertThat(cheap.matches(new Password("whatever1"), "not-a-hash")).isFalse();
        assertThat(cheap.matches(new Password("whatever1"), "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA")).isFalse();
        assertThat(cheap.matches(new Password("whatever1"), "$argon2id$v=19$m=1024,x=1,p=1$c2FsdA$aGFzaA")).isFalse();
    }
}
