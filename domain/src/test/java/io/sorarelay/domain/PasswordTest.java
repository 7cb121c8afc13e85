package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The password policy: length in code points, no control characters, not common, not the username; login is lenient. */
class PasswordTest {
    private static final String EMOJI = "\uD83D\uDE00";   // one code point, two UTF-16 units
    private static final CommonPasswords COMMON = CommonPasswords.of(List.of("password", "12345678", "iloveyou", "Trustno1!"));

    @Test
    void length_counts_code_points_not_utf16_units() {
        assertThatThrownBy(() -> new Password(EMOJI.repeat(4))).isInstanceOf(InvalidValueException.class)
                .hasMessage("password must be 8 to 256 characters");
        assertThat(new Password(EMOJI.repeat(8)).reveal()).isEqualTo(EMOJI.repeat(8));
        assertThat(new Password(EMOJI.repeat(256)).reveal()).hasSize(512);
        assertThatThrownBy(() -> new Password(EMOJI.repeat(257))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void control_characters_and_lone_surrogates_are_refused() {
        assertThatThrownBy(() -> new Password("\0".repeat(8))).isInstanceOf(InvalidValueException.class)
                .hasMessage("password must not contain control characters");
        assertThatThrownBy(() -> new Password("tab\there1")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("delete\u007Fme")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("c1\u0085control")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("half\uD83Dpair")).isInstanceOf(InvalidValueException.class)
                .hasMessage("password must be valid Unicode text");
        assertThat(new Password("spaces are fine ünd äccents").reveal()).contains(" ");
    }

    @Test
    void common_passwords_and_the_username_are_refused_in_any_case() {
        Username alice = new Username("alice_smith");
        assertThatThrownBy(() -> new Password("password").requireFitFor(alice, COMMON)).isInstanceOf(InvalidValueException.class)
                .hasMessage("password is too common; choose another");
        assertThatThrownBy(() -> new Password("PassWord").requireFitFor(alice, COMMON)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("12345678").requireFitFor(alice, COMMON)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("trustno1!").requireFitFor(alice, COMMON)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("Alice_Smith").requireFitFor(alice, COMMON)).isInstanceOf(InvalidValueException.class)
                .hasMessage("password must not be the username");
        new Password("correct horse battery").requireFitFor(alice, COMMON);
        new Password("password").requireFitFor(alice, CommonPasswords.NONE);
    }

    @Test
    void a_typed_password_is_only_bounded_so_accounts_of_older_rules_still_sign_in() {
        assertThat(Password.typed(EMOJI.repeat(4)).reveal()).isEqualTo(EMOJI.repeat(4));
        assertThat(Password.typed("short").reveal()).isEqualTo("short");
        assertThatThrownBy(() -> Password.typed("")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Password.typed(null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Password.typed("p".repeat(257))).isInstanceOf(InvalidValueException.class);
        assertThat(Password.typed("x".repeat(256)).toString()).doesNotContain("x");
        assertThatThrownBy(() -> Password.typed("short").requireFitFor(new Username("bob"), CommonPasswords.NONE))
                .as("a typed password is held to the whole rule before it becomes an account's").isInstanceOf(InvalidValueException.class);
    }
}
