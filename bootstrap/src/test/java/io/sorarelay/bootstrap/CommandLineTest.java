package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @Test
    void version_prints_the_version_maven_built() {
        CommandLine.Parsed parsed = CommandLine.parse(new String[]{"--version"}, Map.of());
        // surefire hands the project's version over, so this fails if filtering stopped filling it in
        String expected = System.getProperty("project.version");
        assertThat(parsed).isEqualTo(new CommandLine.Parsed.Print("sora-relay " + expected));
        assertThat(Version.current()).isEqualTo(expected).doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void help_lists_the_options_and_points_to_the_configuration_page() {
        for (String flag : new String[]{"--help", "-h"}) {
            CommandLine.Parsed parsed = CommandLine.parse(new String[]{"--port", "9000", flag}, Map.of());
            assertThat(parsed).isInstanceOf(CommandLine.Parsed.Print.class);
            String text = ((CommandLine.Parsed.Print) parsed).text();
            assertThat(text).contains("--port N", "--help", "--version", "docs/configuration.md", Version.current());
        }
    }

    @Test
    void every_variable_the_help_names_is_documented() throws Exception {
        String page = Files.readString(Path.of("../docs/configuration.md"));
        Matcher m = Pattern.compile("(?m)^ {2}([A-Z][A-Z_]+[A-Z]) ").matcher(CommandLine.help());
        int named = 0;
        while (m.find()) {
            assertThat(page).as("docs/configuration.md documents %s", m.group(1)).contains("| `" + m.group(1) + "` |");
            named++;
        }
        assertThat(named).as("variables listed in the help").isGreaterThanOrEqualTo(8);
    }

    @Test
    void port_overrides_the_environment_and_everything_else_is_kept() {
        CommandLine.Parsed parsed = CommandLine.parse(new String[]{"--port", "9000"}, Map.of("PORT", "8080", "NODE_ID", "n1"));
        assertThat(parsed).isEqualTo(new CommandLine.Parsed.Run(Map.of("PORT", "9000", "NODE_ID", "n1")));
        assertThat(CommandLine.parse(new String[0], Map.of("PORT", "8081"))).isEqualTo(new CommandLine.Parsed.Run(Map.of("PORT", "8081")));
    }

    @Test
    void a_missing_value_or_an_unknown_argument_is_refused_with_a_pointer_to_help() {
        assertThat(CommandLine.parse(new String[]{"--port"}, Map.of()))
                .isEqualTo(new CommandLine.Parsed.Invalid("--port needs a value (try --help)"));
        assertThat(CommandLine.parse(new String[]{"--verbose"}, Map.of()))
                .isEqualTo(new CommandLine.Parsed.Invalid("unknown argument: --verbose (try --help)"));
    }
}
